package dev.procbook.manager;

import dev.procbook.process.SerializableCallable;
import dev.procbook.process.TaskFailedException;
import dev.procbook.process.Worker;
import dev.procbook.process.WorkerOptions;
import dev.procbook.process.wire.Reclaimer;
import dev.procbook.process.wire.Secret;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A server process that owns objects, and the proxies through which this and other processes call them: Procbook's
 * counterpart of Python's {@code multiprocessing.Manager()} and {@code BaseManager}.
 *
 * <pre>{@code
 * try (Manager manager = Manager.start()) {
 *     Counter counter = manager.create(Counter.class, Counter::new);   // lives in the manager
 *     pool.map(i -> counter.inc(1), List.of(1, 2, 3));                 // the proxy travels to the workers
 *     Map<String, Integer> scores = manager.map();                      // Python's manager.dict()
 * }
 * }</pre>
 *
 * <p>The server is a worker JVM (standby workers of the given options serve it too), a child of this process that
 * exits with it. It listens on a Unix socket in a private directory unless {@link #serve served} on an address, and
 * every connection must prove the manager's secret before anything it sends is read. Proxies are serializable and
 * reach the same object from a pool task, its result, a pipe, a queue or a top-level variable; an object is dropped
 * when its last proxy is closed ({@link Proxies#close}) or collected, or when the manager closes. A manager this
 * process started and nobody holds any more (its cell run again) stops once it and every proxy of it here are
 * collected, as Python's is shut down when collected; proxies in other processes do not hold it.
 *
 * <p>Calls on an object made by {@link #create} or {@link #namespace(SerializableCallable)} run one at a time, as if
 * its methods were synchronized; the objects of the synchronization family (lock, condition, event, semaphore,
 * barrier, value, queue) take calls as they come, since they are made to be shared.
 */
public final class Manager implements AutoCloseable {

    private final Worker worker;
    private final ServerLink link;
    private final ManagerAddress address;
    private final Secret secret;
    private volatile boolean closed;
    /**
     * Held by this manager and by every proxy of it made in this process; once all are collected, the manager's JVM
     * is stopped, as Python's manager is shut down when collected. Null for a manager reached by {@link #connect}.
     */
    @SuppressWarnings("unused")
    private final Object life;

    private Manager(Worker worker, ServerLink link) {
        this.worker = worker;
        this.link = link;
        this.address = link.address;
        this.secret = link.secret;
        if (worker == null) {
            this.life = null;
        } else {
            this.life = new Object();
            link.livesAs(life);
            Reclaimer.register(life, "procbook-manager-" + worker.pid() + "-reclaim", () -> {
                link.closeHere();
                worker.terminate();
            });
        }
    }

    /**
     * Starts a manager with the default worker options, on a private endpoint with a secret of its own.
     *
     * @throws dev.procbook.process.WorkerStartException if its JVM cannot be started
     */
    public static Manager start() {
        return start(WorkerOptions.defaults());
    }

    /**
     * Starts a manager whose JVM is started with {@code options}. With standby options
     * ({@link WorkerOptions#withStandby(int)}), a manager started ahead of need is taken at once, a standby worker
     * that already runs its server and has answered a first round of calls, and its replacement starts in the
     * background; {@link #closeStandby()} stops those waiting.
     *
     * @throws dev.procbook.process.WorkerStartException if its JVM cannot be started
     */
    public static Manager start(WorkerOptions options) {
        if (options.standby() > 0) {
            List<Manager> ready = ManagerStandby.get().take(1, options);
            if (!ready.isEmpty()) {
                return ready.get(0);
            }
        }
        return launch(null, Secret.random(), options.withStandby(0));
    }

    /**
     * Starts the standby managers of {@code options} now, in the background, rather than at the first start with
     * them.
     *
     * @throws IllegalArgumentException if {@code options} keep no standby workers
     */
    public static void startStandby(WorkerOptions options) {
        if (options.standby() == 0) {
            throw new IllegalArgumentException("options keep no standby workers: standby=0; use withStandby(n)");
        }
        ManagerStandby.get().start(options);
    }

    /** How many standby managers of {@code options} wait now. */
    public static int standbyWaiting(WorkerOptions options) {
        return ManagerStandby.get().waiting(options);
    }

    /** Stops the standby managers of every set of options; later starts with standby options start new ones. */
    public static void closeStandby() {
        ManagerStandby.get().clear();
    }

    /**
     * Starts a manager that listens on {@code address} and admits whoever proves {@code secret}, so that another
     * notebook or program can {@link #connect} to it, like Python's {@code BaseManager(address, authkey)}.
     * {@code Manager.serve(ManagerAddress.loopback(50000), Secret.fromHex(key))}
     *
     * @throws ManagerStartException if it cannot listen there
     */
    public static Manager serve(ManagerAddress address, Secret secret) {
        return serve(address, secret, WorkerOptions.defaults());
    }

    /** As {@link #serve(ManagerAddress, Secret)}, starting the manager's JVM with {@code options}. */
    public static Manager serve(ManagerAddress address, Secret secret, WorkerOptions options) {
        return launch(address, secret, options);
    }

    static Manager launch(ManagerAddress requested, Secret secret, WorkerOptions options) {
        Worker w = null;
        boolean started = false;
        try {
            // assigned inside the try: a stop that lands as the start returns still finds it below
            w = Worker.start(options);
            String bound = w.call(new ObjectServer.Start(requested, secret));
            Manager manager = new Manager(w, ServerLink.of(ManagerAddress.parse(bound), secret, w.pid()));
            started = true;
            return manager;
        } catch (TaskFailedException e) {
            throw new ManagerStartException(w.pid(), String.valueOf(requested), e.getCause());
        } finally {
            if (!started && w != null) {
                w.terminate(); // whatever ended the start, a notebook's interrupt included (a ThreadDeath on JDK 17)
            }
        }
    }

    /**
     * Connects to a manager that another process serves at {@code address}; {@link #close()} then leaves the manager
     * running, and the proxies already made keep working.
     *
     * @throws ManagerUnreachableException if nothing answers there
     * @throws SecretRefusedException      if the manager refuses {@code secret}
     */
    public static Manager connect(ManagerAddress address, Secret secret) {
        ServerLink link = ServerLink.of(address, secret, 0);
        try {
            link.learnPid();
        } catch (ManagerDiedException e) {
            throw new ManagerUnreachableException(address.toString(), e.getMessage(), e);
        }
        return new Manager(null, link);
    }

    /**
     * Makes an object in the manager with {@code factory}, which runs there, and returns a proxy of {@code type}:
     * an interface or a non-final class. The factory may be a lambda or a constructor of a notebook cell.
     *
     * @throws NotProxyableException if {@code type} is final or has public final methods (see {@link #namespace})
     * @throws ClassCastException    if the factory made something that is not a {@code type}
     */
    public <T> T create(Class<T> type, SerializableCallable<? extends T> factory) {
        ProxyClasses.check(type);
        return typed(type, make(type, factory, ManagerProtocol.SERIAL));
    }

    /** Makes any object in the manager, records and final classes included, and returns a namespace proxy of it. */
    public NamespaceProxy namespace(SerializableCallable<?> factory) {
        return new NamespaceProxy(new ProxyState(link, make(Object.class, factory, ManagerProtocol.SERIAL), null));
    }

    /** Python's {@code Namespace()}: attributes set and read by name through the proxy. */
    public NamespaceProxy namespace() {
        return new NamespaceProxy(new ProxyState(link, make(Object.class, Family.Namespace::new,
                ManagerProtocol.SERIAL), null));
    }

    /** Python's {@code dict()}: a map in the manager, in insertion order; its views come back as copies. */
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> map() {
        return typed(Map.class, make(Map.class, SharedCollections.SharedMap::new, ManagerProtocol.SERIAL));
    }

    /** Python's {@code list()}: a list in the manager; its iterators walk a copy. */
    @SuppressWarnings("unchecked")
    public <E> List<E> list() {
        return typed(List.class, make(List.class, SharedCollections.SharedList::new, ManagerProtocol.SERIAL));
    }

    /** Python's {@code RLock()} (and {@code Lock()}): a re-entrant lock, owned by the thread that took it. */
    public Lock lock() {
        return typed(Lock.class, make(Lock.class, ReentrantLock::new, ManagerProtocol.CONCURRENT));
    }

    /**
     * Python's {@code Condition(lock)}: a condition of {@code lock}, a lock of this manager.
     *
     * @throws IllegalArgumentException if {@code lock} is not a proxy of a lock of this manager
     */
    public Condition condition(Lock lock) {
        if (Proxies.state(lock).link != link && !Proxies.state(lock).link.address.equals(address)) {
            throw new IllegalArgumentException("lock of another manager: lock=" + Proxies.state(lock).link.address
                    + ", manager=" + address);
        }
        return lock.newCondition();
    }

    /** Python's {@code Event()}. */
    public Event event() {
        return typed(Event.class, make(Event.class, Family.FlagEvent::new, ManagerProtocol.CONCURRENT));
    }

    /**
     * Python's {@code Semaphore(permits)}; its final methods {@code hasQueuedThreads} and {@code getQueueLength}
     * cannot be forwarded and must not be called.
     */
    public Semaphore semaphore(int permits) {
        return typed(Semaphore.class, make(Semaphore.class, () -> new Semaphore(permits), ManagerProtocol.CONCURRENT));
    }

    /** Python's {@code Barrier(parties)}: {@code await()} returns once {@code parties} threads, anywhere, wait. */
    public CyclicBarrier barrier(int parties) {
        return typed(CyclicBarrier.class, make(CyclicBarrier.class, () -> new CyclicBarrier(parties),
                ManagerProtocol.CONCURRENT));
    }

    /** Python's {@code Value('q', initial)}, as an atomic counter. */
    public Value value(long initial) {
        return typed(Value.class, make(Value.class, () -> new Family.AtomicValue(initial), ManagerProtocol.CONCURRENT));
    }

    /** Python's {@code Queue()}: a blocking queue in the manager, without bound. */
    @SuppressWarnings("unchecked")
    public <E> BlockingQueue<E> queue() {
        return typed(BlockingQueue.class, make(BlockingQueue.class, Family.ManagedQueue::new,
                ManagerProtocol.CONCURRENT));
    }

    private long make(Class<?> type, SerializableCallable<?> factory, int mode) {
        String call = "create " + Members.userName(type);
        CallChannel.Reply reply = link.request(call, c -> c.create(type.getName(), mode, factory));
        return (Long) ok(reply, call);
    }

    private <T> T typed(Class<T> type, long id) {
        ProxyState state = new ProxyState(link, id, type.getName());
        try {
            return ProxyClasses.newProxy(type, state);
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    private Object ok(CallChannel.Reply reply, String call) {
        if (reply.ok()) {
            return reply.value();
        }
        Throwable t = ProxyInvocationHandler.failure(reply.value(), link.pid, call, new Class<?>[0]);
        if (t instanceof RuntimeException r) {
            throw r;
        }
        throw (Error) t;
    }

    /** The live objects, with their references and sizes, measured now in the manager. */
    @SuppressWarnings("unchecked")
    public List<ObjectInfo> objects() {
        return (List<ObjectInfo>) ok(link.request("objects", c -> c.simple(ManagerProtocol.OBJECTS, 0)), "objects");
    }

    /**
     * Binds {@code name} to the object {@code proxy} stands for, so that another process that connects finds it with
     * {@link #lookup}; the name holds a reference until {@link #unbind}.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a proxy
     */
    public void bind(String name, Object proxy) {
        long id = Proxies.state(proxy).objectId;
        ok(link.request("bind " + name, c -> c.named(ManagerProtocol.BIND, name, id)), "bind " + name);
    }

    /** Unbinds {@code name}, releasing its reference; nothing if it is not bound. */
    public void unbind(String name) {
        ok(link.request("unbind " + name, c -> c.named(ManagerProtocol.UNBIND, name, null)), "unbind " + name);
    }

    /**
     * A namespace proxy of the object bound to {@code name}.
     *
     * @throws NameNotBoundException if no object is bound to it
     */
    public NamespaceProxy lookup(String name) {
        return new NamespaceProxy(new ProxyState(link, lookupId(name), null));
    }

    /**
     * A typed proxy of the object bound to {@code name}.
     *
     * @throws NameNotBoundException if no object is bound to it
     * @throws NotProxyableException if {@code type} cannot be proxied
     */
    public <T> T lookup(String name, Class<T> type) {
        ProxyClasses.check(type);
        return typed(type, lookupId(name));
    }

    private long lookupId(String name) {
        String call = "lookup " + name;
        List<?> found = (List<?>) ok(link.request(call, c -> c.named(ManagerProtocol.LOOKUP, name, null)), call);
        return (Long) found.get(0);
    }

    /** Opens a connection for this process's next calling thread now, as a standby manager waits. */
    void openSpareConnection() {
        link.openSpare();
    }

    /** Whether the manager's process runs (for a manager reached by {@link #connect}: whether it was reachable). */
    boolean isAlive() {
        return !closed && (worker == null ? !link.isGone() : worker.isAlive());
    }

    /** The manager's process id. */
    public long pid() {
        return link.pid;
    }

    /** Where the manager listens; with {@link #secret()}, what another process needs to {@link #connect}. */
    public ManagerAddress address() {
        return address;
    }

    /** The secret every connection must prove. */
    public Secret secret() {
        return secret;
    }

    /**
     * Stops the manager, dropping its objects, when this process started it: proxies anywhere then fail with a
     * {@link ManagerDiedException}, here with a {@link ManagerClosedException}. A manager reached by
     * {@link #connect} is left running, and its proxies here keep working; idempotent.
     */
    @Override
    public void close() {
        // The whole close in one try, from its first bytecode: a stop (JDK 17 stops a notebook cell with
        // Thread.stop) that lands anywhere in it, before it set closed included, kills the manager's JVM. A close
        // ended half-way is not tried again.
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (worker == null) {
                return;
            }
            try {
                link.request("close", c -> c.simple(ManagerProtocol.SHUTDOWN, 0));
            } catch (RuntimeException e) {
                // already gone: the worker's close below finds it so
            }
            link.closeHere();
            worker.close();
        } catch (Throwable t) {
            closed = true;
            if (worker != null) {
                worker.terminate();
            }
            throw t;
        }
    }

    @Override
    public String toString() {
        return "Manager[pid=" + link.pid + ", address=" + address + (closed ? ", closed" : "") + "]";
    }
}
