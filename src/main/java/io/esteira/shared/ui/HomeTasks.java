package io.esteira.shared.ui;

import java.util.List;
import java.util.Optional;

/**
 * What waits for the signed-in person in one module, shown on their home page so it leads them to their next task:
 * the reviewer's queue, the data scientist's running work and open alerts. Implemented by the module that owns the
 * work, as a Spring bean (ordered with {@code @Order}); read once when home opens.
 */
public interface HomeTasks {

    /** How many tasks a section lists; the rest is one click away. */
    int SHOWN = 5;

    /** This person's section, or empty when the module has nothing for people like them (e.g. the queue for a non-reviewer). */
    Optional<Section> forCurrentUser();

    /**
     * @param heading  e.g. "Waiting for your review"
     * @param tasks    the first {@link #SHOWN}, most urgent first
     * @param total    how many there are in all
     * @param allLink  the page that lists them all, e.g. "approvals"
     * @param allText  e.g. "Open the approval queue"
     * @param empty    what the section says when nothing waits, e.g. "Nothing waits for your review."
     */
    record Section(String id, String heading, List<Task> tasks, long total, String allLink, String allText, String empty) {

        public Section {
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * @param title  what it is, e.g. "card-fraud-scoring (card-fraud v3, production)"
     * @param detail its state in a few words, e.g. "Awaits model risk · waiting since 7 Dec 2026, 14:05 UTC"
     * @param link   its page, a portal path without the leading slash
     * @param tone   "error", "warning" or "" for the badge beside it
     * @param badge  a short state word for the badge, or ""
     */
    record Task(String title, String detail, String link, String badge, String tone) {
    }
}
