package dev.procbook.process;

import dev.procbook.process.wire.NotSerializableObjectException;
import dev.procbook.process.wire.TopLevelValueException;

/** Thrown at submission when a task, or something it captures, cannot be serialized; names the class at fault. */
public class TaskNotSerializableException extends IllegalArgumentException {

    private final String className;
    private final String task;

    /** Creates the exception for {@code task}, whose object graph holds the non-serializable {@code className}. */
    public TaskNotSerializableException(String task, NotSerializableObjectException cause) {
        super("task not serializable: class=" + cause.className() + ", task=" + task
                + (cause instanceof TopLevelValueException ? "; " + cause.getMessage() : ""), cause);
        this.className = cause.className();
        this.task = task;
    }

    /** The binary name of the class that is not serializable. */
    public String className() {
        return className;
    }

    /** A description of the task. */
    public String task() {
        return task;
    }
}
