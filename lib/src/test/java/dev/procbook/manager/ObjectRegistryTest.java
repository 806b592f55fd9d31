package dev.procbook.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reference counts of a manager's objects, by session, without processes. */
class ObjectRegistryTest {

    private final ObjectRegistry registry = new ObjectRegistry();

    private int references(long id) {
        return registry.infos().stream().filter(o -> o.id() == id).mapToInt(ObjectInfo::references).findFirst()
                .orElse(-1);
    }

    @Test
    void anObjectIsDroppedWhenItsLastReferenceIsReleasedAndCallsOnItThenFailNamingIt() {
        long id = registry.add(new StringBuilder("x"), "StringBuilder", true, "a");
        registry.incref("b", id);
        registry.decref("a", id);
        assertEquals(1, references(id));
        registry.decref("b", id);
        ObjectReleasedException e = assertThrows(ObjectReleasedException.class, () -> registry.get(id, "append"));
        assertEquals("object released: id=" + id + ", call=append", e.getMessage());
    }

    @Test
    void aDecrefOfASessionThatHoldsNothingChangesNothing() {
        long id = registry.add("kept", "String", true, "a");
        registry.decref("stranger", id);
        assertEquals(1, references(id));
    }

    @Test
    void anEndedSessionReleasesEverythingItHeldAndWhatItAsksForLater() {
        long kept = registry.add("kept", "String", true, "a");
        long shared = registry.add("shared", "String", true, "a");
        registry.incref("b", shared);
        registry.incref("a", shared);
        registry.endSession("a");
        assertEquals(List.of(shared), registry.infos().stream().map(ObjectInfo::id).toList());
        assertEquals(-1, references(kept));
        long late = registry.add("late", "String", true, "a"); // a create that arrives after its session ended
        assertThrows(ObjectReleasedException.class, () -> registry.get(late, "late"));
    }

    @Test
    void aCopyInFlightHoldsItsObjectUntilAdoptedWhicheverArrivesFirst() {
        long id = registry.add("replica", "String", true, "sender");
        registry.hold(id, 42);
        registry.decref("sender", id); // the sender closed its proxy while the copy travels
        assertEquals(1, registry.infos().get(0).inTransit());
        registry.adopt("receiver", id, 42);
        assertEquals(List.of(1, 0), List.of(references(id), registry.infos().get(0).inTransit()));

        long other = registry.add("other", "String", true, "sender");
        registry.adopt("receiver", other, 7); // arrived before its hold
        registry.hold(other, 7);
        assertEquals(2, references(other));
        assertEquals(0, registry.infos().stream().filter(o -> o.id() == other).findFirst().orElseThrow().inTransit());
    }

    @Test
    void aBoundNameHoldsItsObjectUntilUnbound() {
        long id = registry.add("answer", "String", true, "a");
        registry.bind("answer", id);
        registry.decref("a", id);
        assertEquals(id, registry.lookup("answer", "b").id);
        registry.unbind("answer");
        assertEquals(1, references(id), "only the lookup's reference is left");
        assertThrows(NameNotBoundException.class, () -> registry.lookup("answer", "b"));
    }
}
