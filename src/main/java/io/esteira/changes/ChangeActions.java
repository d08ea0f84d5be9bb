package io.esteira.changes;

/**
 * What the signed-in user may do with a request now, each with the reason when not (null when they
 * may): the same rules the service enforces, so screens can say why a button is off.
 */
public record ChangeActions(String cannotDecide, String cannotEdit, String cannotWithdraw, String cannotReclassify,
        String cannotReview, String cannotRefuseEmergency) {

    public boolean mayDecide() {
        return cannotDecide == null;
    }

    public boolean mayEdit() {
        return cannotEdit == null;
    }

    public boolean mayWithdraw() {
        return cannotWithdraw == null;
    }

    public boolean mayReclassify() {
        return cannotReclassify == null;
    }

    public boolean mayReview() {
        return cannotReview == null;
    }

    /** A reviewer who may decide an emergency change may refuse its emergency classification instead. */
    public boolean mayRefuseEmergency() {
        return cannotRefuseEmergency == null;
    }
}
