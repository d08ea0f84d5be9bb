package io.esteira.notifications.web;

import io.esteira.notifications.NotificationView;
import io.esteira.notifications.Notifications;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/notifications")
@Tag(name = "Notifications", description = "The caller's own notifications: their inbox in the portal")
class NotificationsController {

    private final Notifications notifications;

    NotificationsController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping
    @Operation(summary = "The caller's notifications, newest first (an area-limited token sees its area's only)")
    Page<NotificationView> list(@PageableDefault(size = 50) Pageable pageable) {
        return notifications.list(pageable);
    }

    @GetMapping("/unread-count")
    @Operation(summary = "How many of the caller's notifications are unread")
    UnreadCount unreadCount() {
        return new UnreadCount(notifications.unreadCount());
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "Mark one of the caller's notifications read",
            responses = {@ApiResponse(responseCode = "200", description = "marked read (or read already)"),
                    @ApiResponse(responseCode = "404", description = "no notification of the caller has this id")})
    NotificationView markRead(@PathVariable UUID id) {
        return notifications.markRead(id);
    }

    @PostMapping("/read-all")
    @Operation(summary = "Mark all of the caller's notifications read")
    MarkedRead markAllRead() {
        return new MarkedRead(notifications.markAllRead());
    }

    record UnreadCount(long unread) {
    }

    record MarkedRead(int marked) {
    }
}
