package io.esteira.features;

import io.esteira.features.domain.DataSource;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.crypto.SecretCipher;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Opens connections to data sources; the one place their passwords are unsealed. People's queries
 * run only on {@link #openForPeople} connections: never on an account that may reach the server's
 * files or programs (H2's administrators, PostgreSQL's superusers and file or program roles),
 * unless the administrators' policy says to report such accounts rather than refuse them.
 */
@Component
class DataSourceConnections {

    static final int LOGIN_TIMEOUT_SECONDS = 5;

    /** What to do with a source account that is too powerful for people's queries. */
    enum PrivilegedAccounts { REFUSE, REPORT }

    private final SecretCipher secrets;
    private final PrivilegedAccounts policy;

    DataSourceConnections(SecretCipher secrets,
            @Value("${esteira.features.privileged-accounts:refuse}") PrivilegedAccounts policy) {
        this.secrets = secrets;
        this.policy = policy;
    }

    Connection open(DataSource source) throws SQLException {
        String password = source.getPasswordSealed() == null ? null : secrets.decrypt(source.getPasswordSealed());
        return open(source.getJdbcUrl(), source.getDriverClass(), source.getUsername(), password);
    }

    /** A connection for the statements the portal composes to write tables: the source's write account, when it has one. */
    Connection openForWriting(DataSource source) throws SQLException {
        if (source.getWriteUsername() == null) {
            return open(source);
        }
        String password = source.getWritePasswordSealed() == null ? null : secrets.decrypt(source.getWritePasswordSealed());
        return open(source.getJdbcUrl(), source.getDriverClass(), source.getWriteUsername(), password);
    }

    /**
     * A connection for SQL that people wrote: read-only as far as the driver goes, and refused when
     * the account is privileged and the policy refuses such accounts.
     *
     * @throws InvalidRequestException naming {@code dataSource} when the account is refused
     */
    Connection openForPeople(DataSource source) throws SQLException {
        Connection c = open(source);
        try {
            List<String> privileges = privileges(c, SqlDialect.of(source.getJdbcUrl()));
            if (!privileges.isEmpty() && policy == PrivilegedAccounts.REFUSE) {
                throw new QueryRefusedException("dataSource", refusal(source.getName(), source.getUsername(), privileges));
            }
            c.setReadOnly(true);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    PrivilegedAccounts policy() {
        return policy;
    }

    static String refusal(String sourceName, String username, List<String> privileges) {
        return "The account " + (username == null ? "(none)" : username) + " of " + sourceName + " is too powerful for people's queries ("
                + String.join(", ", privileges) + "); an administrator connects the source with an account that holds SELECT grants only";
    }

    /** Why the connected account could reach beyond the data: empty for a least-privilege account. */
    static List<String> privileges(Connection c, SqlDialect dialect) throws SQLException {
        List<String> found = new ArrayList<>();
        switch (dialect) {
            case H2 -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "select is_admin from information_schema.users where upper(user_name) = upper(current_user)")) {
                    if (!rs.next() || rs.getBoolean(1)) {
                        found.add("H2 administrator: reads and writes files, links databases, runs code");
                    }
                }
            }
            case POSTGRESQL -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                        select r.rolsuper,
                               pg_has_role(current_user, 'pg_read_server_files', 'MEMBER'),
                               pg_has_role(current_user, 'pg_write_server_files', 'MEMBER'),
                               pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER')
                        from pg_roles r where r.rolname = current_user""")) {
                    if (!rs.next()) {
                        found.add("unknown role");
                    } else {
                        if (rs.getBoolean(1)) {
                            found.add("superuser");
                        }
                        if (rs.getBoolean(2)) {
                            found.add("pg_read_server_files");
                        }
                        if (rs.getBoolean(3)) {
                            found.add("pg_write_server_files");
                        }
                        if (rs.getBoolean(4)) {
                            found.add("pg_execute_server_program");
                        }
                    }
                }
            }
            case OTHER -> found.add("an unknown kind of database, whose privileges the portal cannot check");
        }
        return found;
    }

    Connection open(String url, String driverClass, String username, String password) throws SQLException {
        Driver driver = driver(driverClass);
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (SqlDialect.of(url) == SqlDialect.H2 && !url.substring("jdbc:h2:".length()).toLowerCase(java.util.Locale.ROOT).startsWith("mem:")) {
            properties.setProperty("IFEXISTS", "TRUE"); // a source is an existing database, never a new file
        }
        if (url.startsWith("jdbc:postgresql:")) {
            properties.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
            properties.setProperty("connectTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
            properties.setProperty("socketTimeout", "300");
            properties.setProperty("ApplicationName", "esteira");
        }
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("The driver " + driverClass + " does not accept the address " + url);
        }
        return connection;
    }

    static Driver driver(String driverClass) {
        try {
            Object driver = Class.forName(driverClass, true, DataSourceConnections.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
            if (!(driver instanceof Driver jdbc)) {
                throw new InvalidRequestException("driverClass", driverClass + " is not a JDBC driver");
            }
            return jdbc;
        } catch (ClassNotFoundException e) {
            throw new InvalidRequestException("driverClass", "The driver " + driverClass
                    + " is not installed; add its jar to the portal's class path (PostgreSQL and H2 are built in)");
        } catch (ReflectiveOperationException e) {
            throw new InvalidRequestException("driverClass", "The driver " + driverClass + " cannot be loaded: " + e.getMessage());
        }
    }
}
