package dev.procbook.manager;

import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One live object of a manager, as {@link Manager#objects()} lists it: what it is, how many proxies hold it, and
 * what it weighs in the manager's heap (JOL's figures, as {@code dev.procbook.memory.ObjectSizes} gives them).
 *
 * @param id             the object's id in its manager
 * @param type           the type its proxies have, as the user wrote it ({@code Counter}, {@code Map})
 * @param implementation the class of the object itself
 * @param references     proxies that hold it, in every process, plus names it is bound to
 * @param inTransit      copies of proxies sent to another process and not yet received there
 * @param shallowBytes   the object alone
 * @param deepBytes      the object and everything it reaches
 */
public record ObjectInfo(long id, String type, String implementation, int references, int inTransit,
                         long shallowBytes, long deepBytes) {

    /** {@code objects} as a table, one row each, for a notebook to show. */
    public static Table table(List<ObjectInfo> objects) {
        return Table.create("Objects in the manager",
                LongColumn.create("id", objects.stream().mapToLong(ObjectInfo::id).toArray()),
                StringColumn.create("type", objects.stream().map(ObjectInfo::type)),
                StringColumn.create("implementation", objects.stream().map(ObjectInfo::implementation)),
                IntColumn.create("references", objects.stream().mapToInt(ObjectInfo::references).toArray()),
                IntColumn.create("in_transit", objects.stream().mapToInt(ObjectInfo::inTransit).toArray()),
                LongColumn.create("shallow_bytes", objects.stream().mapToLong(ObjectInfo::shallowBytes).toArray()),
                LongColumn.create("deep_bytes", objects.stream().mapToLong(ObjectInfo::deepBytes).toArray()));
    }
}
