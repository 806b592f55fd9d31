package dev.procbook.process;

import dev.procbook.process.wire.HubService;
import dev.procbook.process.wire.Wiring;

/**
 * The process package's part of this process's {@link Wiring}: the pipes and queues it hosts, the workers it has
 * launched and not yet heard from, and its standby workers; and the one place where their hub handlers are
 * registered. The wiring finds it through {@code META-INF/services}; it is public only for that.
 */
public final class ProcessServices implements HubService {

    final PipeRegistry pipes = new PipeRegistry();
    final QueueServer queues = new QueueServer();
    final WorkerLauncher launcher = new WorkerLauncher();
    final Standby<Worker> standby = StandbyWorkers.create();

    /** For {@link java.util.ServiceLoader}; a process has the one its {@link Wiring} made. */
    public ProcessServices() {
    }

    /** The services of this process's wiring. */
    static ProcessServices get() {
        return Wiring.get().service(ProcessServices.class);
    }

    @Override
    public void register(Wiring wiring) {
        wiring.handle(PipeProtocol.KIND, pipes::serveRemote);
        wiring.handle(QueueProtocol.KIND, queues::serve);
        wiring.handle(WorkerProtocol.KIND, launcher::connected);
    }

    /** Stops the standby workers; hosted pipes and queues end with the process. */
    @Override
    public void close() {
        standby.close();
    }
}
