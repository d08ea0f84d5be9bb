package io.esteira.training;

import io.esteira.support.PostgresIntegrationTest;

/**
 * {@link TrainingBenchmark} with the portal's database on PostgreSQL (the feature store's offline rows out of the JVM), so
 * its heap figures are the portal's own: {@code ./mvnw -o test -Dtest=TrainingOnPostgresBenchmark -DargLine=-Xmx256m}.
 */
@PostgresIntegrationTest
class TrainingOnPostgresBenchmark extends TrainingBenchmark {
}
