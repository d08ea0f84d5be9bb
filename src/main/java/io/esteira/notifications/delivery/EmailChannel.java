package io.esteira.notifications.delivery;

import io.esteira.areas.AreaSummary;
import io.esteira.notifications.delivery.Deliverer.Outcome;
import io.esteira.notifications.domain.Notification;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** E-mail through Boot's mail sender, which exists only when an SMTP host is configured. */
@Component
class EmailChannel {

    private final ObjectProvider<JavaMailSender> sender;
    private final NotificationProperties properties;

    EmailChannel(ObjectProvider<JavaMailSender> sender, NotificationProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    boolean configured() {
        return sender.getIfAvailable() != null;
    }

    Outcome send(String address, Notification n, AreaSummary area) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            return Outcome.giveUp("No SMTP server is configured any more");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom());
        message.setTo(address);
        message.setSubject("[Esteira] " + n.getSubject());
        StringBuilder text = new StringBuilder(n.getBody());
        text.append("\n\n");
        if (area != null) {
            text.append("Area: ").append(area.name()).append('\n');
        }
        if (n.getLink() != null) {
            text.append("Open in the portal: ").append(properties.absolute(n.getLink())).append('\n');
        }
        text.append("\nYou get this because the portal sent you a notification (").append(n.getTopic())
                .append("). It is in your inbox on /notifications as well.\n");
        message.setText(text.toString());
        try {
            mail.send(message);
            return Outcome.ok();
        } catch (MailParseException | MailPreparationException e) {
            return Outcome.giveUp("The message could not be written: " + e.getMessage());
        } catch (MailAuthenticationException e) {
            return Outcome.retry("The SMTP server refused the portal's credentials: " + e.getMessage());
        } catch (MailException e) {
            return Outcome.retry("The SMTP server did not take the message: " + e.getMessage());
        }
    }
}
