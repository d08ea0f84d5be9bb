package io.esteira.features;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A data source as an administrator writes it.
 *
 * @param password    null or empty on a change: keep the stored one
 * @param ownerAreaId   null for a platform-wide source
 * @param writeUsername the account for tables the portal writes into the source (schedule targets); null when it writes none
 * @param writePassword null or empty on a change: keep the stored one
 */
public record DataSourceDraft(
        @NotBlank(message = "A name is required") @Size(max = 120, message = "At most 120 characters") String name,
        @Size(max = 1000, message = "At most 1000 characters") String description,
        @NotBlank(message = "A JDBC address is required") @Size(max = 1000, message = "At most 1000 characters") String jdbcUrl,
        @NotBlank(message = "A driver class is required") @Size(max = 200, message = "At most 200 characters") String driverClass,
        @Size(max = 200, message = "At most 200 characters") String username,
        @Size(max = 500, message = "At most 500 characters") String password,
        @NotNull(message = "Pick a classification") Classification classification,
        UUID ownerAreaId,
        @Size(max = 200, message = "At most 200 characters") String writeUsername,
        @Size(max = 500, message = "At most 500 characters") String writePassword) {

    /** A source the portal reads only. */
    public DataSourceDraft(String name, String description, String jdbcUrl, String driverClass, String username, String password,
            Classification classification, UUID ownerAreaId) {
        this(name, description, jdbcUrl, driverClass, username, password, classification, ownerAreaId, null, null);
    }

    @Override
    public String toString() {
        return "DataSourceDraft[name=" + name + ", jdbcUrl=" + jdbcUrl + ", driverClass=" + driverClass + ", username=" + username
                + ", password=" + (password == null || password.isEmpty() ? "" : "[hidden]") + ", classification=" + classification
                + ", ownerAreaId=" + ownerAreaId + ", writeUsername=" + writeUsername
                + ", writePassword=" + (writePassword == null || writePassword.isEmpty() ? "" : "[hidden]") + "]";
    }
}
