// Child processes the browser tests start (Jupyter Notebook, nbconvert through report/workbook.py) and the kernels
// those start in sessions of their own: found through /proc, so that none outlives a test, even a failed one.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null; // the process exited: an expected race while walking /proc
  }
}

/** pid, parent pid, process group and start time of `pid` from /proc/PID/stat, or null once it has exited. */
function stat(pid) {
  const text = readProc(pid, 'stat');
  if (text === null) return null;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' '); // the name in parentheses may hold spaces
  return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), started: fields[19] };
}

function allProcesses() {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).map(stat).filter(Boolean);
}

/**
 * The processes whose command line contains `marker` (a private JUPYTER_RUNTIME_DIR names each kernel's connection
 * file), the tree under `roots`, and everything below those, with what identifies them against pid reuse.
 */
export function processTree(roots, marker) {
  const all = allProcesses();
  const children = new Map();
  for (const p of all) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(p);
  }
  const found = new Map();
  const visit = (p) => {
    if (found.has(p.pid)) return;
    found.set(p.pid, p);
    for (const child of children.get(p.pid) || []) visit(child);
  };
  for (const p of all) {
    if (roots.includes(p.pid) || (marker && (readProc(p.pid, 'cmdline') || '').includes(marker))) visit(p);
  }
  return [...found.values()];
}

/** SIGKILLs each of `processes` still running as itself, and each process group they lead. */
export function killAll(processes) {
  for (const p of processes) {
    const now = stat(p.pid);
    if (!now || now.started !== p.started) continue;
    try {
      if (now.pgid === p.pid) process.kill(-p.pid, 'SIGKILL');
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // it exited between the check and the kill
    }
  }
}

/** Whether any of `processes` is still running as itself (not a zombie waiting for its parent). */
export function anyAlive(processes) {
  return processes.some((p) => {
    const now = stat(p.pid);
    return now && now.started === p.started && !/^\S+ \(.*\) Z/.test(readProc(p.pid, 'stat') || '');
  });
}

// A signal would end this process without its 'exit' handlers, which kill what the tests started: turn it into an exit.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.once(signal, () => process.exit(code));
}

/**
 * Starts `command` as the leader of a new process group, its output collected in `output`. `privateDir` is a folder
 * of its own, named on the command line of the kernels it starts (their JUPYTER_RUNTIME_DIR). Should this node
 * process exit first, the group dies with it, so do those kernels with their trees, and the folder is removed.
 */
export function startGroup(command, args, options, privateDir) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = '';
  child.stdout.on('data', (d) => { child.output += d; });
  child.stderr.on('data', (d) => { child.output += d; });
  child.exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const onExit = () => {
    killAll(processTree([child.pid], privateDir));
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    rmSync(privateDir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  child.stopped = () => process.off('exit', onExit);
  return child;
}

/** Resolves true when `promise` settles within `ms`, false otherwise. */
export async function within(ms, promise) {
  let timer;
  const timeout = new Promise((done) => { timer = setTimeout(() => done(false), ms); });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
