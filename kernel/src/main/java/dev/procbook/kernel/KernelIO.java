package dev.procbook.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

import java.nio.charset.StandardCharsets;

/** The kernel's streams, attached to the request being executed. */
final class KernelIO extends JupyterIO {

    KernelIO() {
        super(StandardCharsets.UTF_8);
    }

    void attach(ShellReplyEnvironment env) {
        setEnv(env);
    }

    void detach(ShellReplyEnvironment env) {
        retractEnv(env);
    }
}
