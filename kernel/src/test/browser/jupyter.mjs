// Jupyter Notebook (the classic UI, Debian's jupyter-notebook) on loopback with a token, for a browser to open.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PYTHON } from './chromium.mjs';
import { anyAlive, killAll, processTree, startGroup, within } from './processes.mjs';

function freePort() {
  return new Promise((done, failed) => {
    const server = createServer();
    server.on('error', failed);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * A Jupyter Notebook server serving `notebookDir`, with the kernelspecs the environment names (./procbook test sets
 * JUPYTER_PATH to its private install of the kernel), its own config and runtime folders, and a random token.
 */
export class NotebookServer {
  static async start(notebookDir, { timeout = 90_000 } = {}) {
    const server = new NotebookServer();
    server.runtime = mkdtempSync(join(tmpdir(), 'procbook-jupyter-'));
    server.token = randomBytes(24).toString('hex');
    const port = await freePort();
    const args = ['-m', 'notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`,
      `--NotebookApp.token=${server.token}`, `--NotebookApp.notebook_dir=${notebookDir}`];
    if (process.getuid() === 0) args.push('--allow-root'); // Jupyter refuses root without it
    server.process = startGroup(PYTHON, args, {
      cwd: notebookDir,
      env: { ...process.env, JUPYTER_RUNTIME_DIR: join(server.runtime, 'runtime'),
        JUPYTER_CONFIG_DIR: join(server.runtime, 'config'), PYTHONUNBUFFERED: '1' },
    }, server.runtime);
    try {
      await server.waitUntilServing(timeout);
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  }

  // Another server may take the free port first: Jupyter then moves to the next one, so the port is read from its log.
  async waitUntilServing(timeout) {
    const deadline = Date.now() + timeout;
    let exited = false;
    this.process.exited.then(() => { exited = true; });
    while (Date.now() < deadline && !exited) {
      const match = this.process.output.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) {
        this.base = `http://127.0.0.1:${match[1]}`;
        try {
          const reply = await fetch(`${this.base}/api/kernelspecs?token=${this.token}`);
          if (reply.ok) {
            this.kernelspecs = Object.keys((await reply.json()).kernelspecs);
            return;
          }
        } catch {
          // not listening yet
        }
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    throw new Error(`Jupyter Notebook did not serve within ${timeout / 1000} s ` +
      `(${exited ? 'it exited' : 'still running'}); its log:\n${this.process.output.slice(-3000)}`);
  }

  url(path) {
    return `${this.base}${path}${path.includes('?') ? '&' : '?'}token=${this.token}`;
  }

  /** Whether `url` is this server's: the only place a page under test may load from. */
  serves(url) {
    return url.startsWith(`${this.base}/`) || url.startsWith(this.base.replace('http:', 'ws:') + '/');
  }

  /**
   * Stops the server and every kernel it started. The kernels run in sessions of their own, so they are found by the
   * runtime folder their connection files are in, before the server goes; whatever a clean shutdown leaves, dies.
   */
  async stop() {
    if (!this.process) return;
    const tree = processTree([this.process.pid], this.runtime);
    try {
      process.kill(-this.process.pid, 'SIGTERM'); // Jupyter shuts its kernels down on SIGTERM
    } catch {
      // already gone
    }
    await within(20_000, this.process.exited);
    for (let waited = 0; waited < 10_000 && anyAlive(tree); waited += 200) {
      await new Promise((done) => setTimeout(done, 200));
    }
    killAll(tree);
    killAll(processTree([], this.runtime));
    this.process.stopped();
    this.process = null;
    rmSync(this.runtime, { recursive: true, force: true });
  }
}
