package dev.procbook.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.manager.Counters.Counter;
import dev.procbook.manager.Counters.SimpleCounter;
import dev.procbook.process.NoLeftovers;
import dev.procbook.process.TaskFailedException;
import dev.procbook.process.Worker;
import dev.procbook.process.wire.Secret;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A manager admits only connections that prove its secret, and serves the others on as before. */
@ExtendWith(NoLeftovers.class)
@Timeout(120)
class ManagerSecurityIT {

    @Test
    void aPrivateManagerListensOnASocketOnlyItsUserCanOpen() throws Exception {
        try (Manager manager = Manager.start()) {
            ManagerAddress.Unix unix = assertInstanceOf(ManagerAddress.Unix.class, manager.address());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(unix.path())));
            assertEquals("rwx------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(unix.path().getParent())));
        }
    }

    @Test
    void aWrongSecretIsRefusedWhileARightOneIsServed() throws Exception {
        Secret secret = Secret.random();
        try (Manager manager = Manager.serve(ManagerAddress.loopback(0), secret); Worker client = Worker.start()) {
            Counter counter = manager.create(Counter.class, SimpleCounter::new);
            Event stop = manager.event();
            manager.bind("counter", counter);
            String address = manager.address().toString();
            String key = secret.toHex();
            CompletableFuture<Long> served = client.submit(() -> {
                Counter there = Manager.connect(ManagerAddress.parse(address), Secret.fromHex(key))
                        .lookup("counter", Counter.class);
                long calls = 0;
                while (!stop.isSet()) {
                    there.inc(1);
                    calls++;
                }
                return calls;
            });
            while (counter.value() == 0) {
                Thread.onSpinWait(); // the right client is being served
            }
            for (int i = 0; i < 5; i++) {
                assertThrows(SecretRefusedException.class,
                        () -> Manager.connect(manager.address(), Secret.random()));
            }
            ManagerAddress.Tcp tcp = (ManagerAddress.Tcp) manager.address();
            try (Socket stranger = new Socket(tcp.host(), tcp.port())) { // no handshake, just bytes
                OutputStream out = stranger.getOutputStream();
                out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                int received = 0;
                try {
                    for (int n = 0; n >= 0; n = stranger.getInputStream().read(new byte[4096])) {
                        received += n;
                    }
                } catch (SocketException reset) {
                    // dropped with our bytes unread
                }
                assertEquals(5 + 32, received, "the stranger got the challenge frame, and then nothing");
            }
            long before = counter.value();
            while (counter.value() == before) {
                Thread.onSpinWait(); // still served after the strangers
            }
            stop.set();
            long calls = served.get(60, TimeUnit.SECONDS);
            assertEquals(calls, counter.value());
        }
    }

    @Test
    void aSecondClientConnectsToAServedManagerAndSeesTheFirstsObjects() throws Exception {
        Secret secret = Secret.random();
        try (Manager manager = Manager.serve(ManagerAddress.loopback(0), secret); Worker other = Worker.start()) {
            Counter counter = manager.create(Counter.class, SimpleCounter::new);
            counter.inc(41);
            manager.bind("answer", counter);
            String address = manager.address().toString();
            String key = secret.toHex();
            List<Object> seen = other.call(() -> {
                Manager connected = Manager.connect(ManagerAddress.parse(address), Secret.fromHex(key));
                List<String> types = connected.objects().stream().map(ObjectInfo::type).toList();
                NamespaceProxy answer = connected.lookup("answer");
                long value = answer.call("inc", 1);
                return List.of(types, value, connected.pid());
            });
            assertEquals(List.of(List.of("Counter"), 42L, manager.pid()), seen);
            assertEquals(42, counter.value(), "the second client changed the first's object");
        }
    }

    @Test
    void aWrongSecretFromAnotherProcessFailsNamingTheAddress() throws Exception {
        try (Manager manager = Manager.serve(ManagerAddress.loopback(0), Secret.random());
             Worker other = Worker.start()) {
            String address = manager.address().toString();
            TaskFailedException failed = assertThrows(TaskFailedException.class, () -> other.call(
                    () -> Manager.connect(ManagerAddress.parse(address), Secret.random()).pid()));
            SecretRefusedException refused = assertInstanceOf(SecretRefusedException.class, failed.getCause());
            assertTrue(refused.getMessage().contains(address), refused.getMessage());
        }
    }
}
