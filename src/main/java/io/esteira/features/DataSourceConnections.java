package io.esteira.features;

import io.esteira.features.domain.DataSource;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.crypto.SecretCipher;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.stereotype.Component;

/** Opens connections to data sources; the one place their passwords are unsealed. */
@Component
class DataSourceConnections {

    static final int LOGIN_TIMEOUT_SECONDS = 5;

    private final SecretCipher secrets;

    DataSourceConnections(SecretCipher secrets) {
        this.secrets = secrets;
    }

    Connection open(DataSource source) throws SQLException {
        String password = source.getPasswordSealed() == null ? null : secrets.decrypt(source.getPasswordSealed());
        return open(source.getJdbcUrl(), source.getDriverClass(), source.getUsername(), password);
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
