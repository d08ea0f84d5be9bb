package io.esteira.monitoring.statistics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The samples and expected values that {@code src/test/resources/monitoring/reference/make_reference.py} wrote with NumPy and SciPy. */
final class ReferenceData {

    private static final String FOLDER = "/monitoring/reference/";
    private static final Properties EXPECTED = load();

    private ReferenceData() {
    }

    static double value(String key) {
        return Double.parseDouble(property(key));
    }

    static double[] values(String key) {
        return Arrays.stream(property(key).split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    static List<String> words(String key) {
        return List.of(property(key).split(","));
    }

    static double[] numbers(String sample) {
        return lines(sample).stream().mapToDouble(Double::parseDouble).toArray();
    }

    static Map<String, Long> counts(String sample) {
        return lines(sample).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    static List<String> lines(String sample) {
        try (InputStream in = ReferenceData.class.getResourceAsStream(FOLDER + sample + ".csv")) {
            if (in == null) {
                throw new IllegalStateException("no reference sample " + sample);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String property(String key) {
        String value = EXPECTED.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("no expected value " + key);
        }
        return value;
    }

    private static Properties load() {
        try (InputStream in = ReferenceData.class.getResourceAsStream(FOLDER + "expected.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
