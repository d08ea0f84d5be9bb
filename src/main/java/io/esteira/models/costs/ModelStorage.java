package io.esteira.models.costs;

import io.esteira.costs.StorageKind;
import io.esteira.costs.StoredData;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the registry stores for areas, for the cost ledger: the bytes of each version's artifact kept in
 * the portal's database (as counted while they were stored), charged to the model's area and the person
 * who registered the version. Versions with an external artifact store nothing here.
 */
@Component
class ModelStorage implements StoredData {

    private final JdbcTemplate jdbc;

    ModelStorage(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<StorageKind> kinds() {
        return Set.of(StorageKind.MODEL_ARTIFACT);
    }

    @Override
    public List<Stored> stored() {
        return jdbc.query("select v.id, v.area_id, m.name, v.number, v.registered_by_id, v.registered_by, v.artifact_size, m.id "
                + "from model_version v join model m on m.id = v.model_id where v.artifact_format = 'ONNX' and v.sha256 is not null "
                + "and exists (select 1 from model_artifact_chunk c where c.version_id = v.id and c.seq = 0)",
                (rs, i) -> new Stored(rs.getObject(2, UUID.class), StorageKind.MODEL_ARTIFACT, rs.getObject(1, UUID.class),
                        "model " + rs.getString(3) + " v" + rs.getInt(4), rs.getObject(5, UUID.class), rs.getString(6), rs.getLong(7),
                        rs.getObject(8, UUID.class), rs.getString(3)));
    }
}
