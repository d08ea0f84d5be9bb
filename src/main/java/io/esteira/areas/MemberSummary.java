package io.esteira.areas;

import java.util.UUID;

public record MemberSummary(UUID areaId, UUID userId, String username, String displayName, AreaRole role) {
}
