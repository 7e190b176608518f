// Server process control and /proc metrics for the benchmark harness.
import { spawn, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const benchDir = path.resolve(here, '..')

let clkTck = 100
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
} catch {}

export const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

/** Pin every thread of this process (and threads created later) to `cpu`. */
export function pinSelf (cpu) {
  if (!hasTaskset) return false
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export function freePort () {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

function readStat (pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // comm may contain spaces/parens: split after the last ')'
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ')
    // rest[0] is field 3 (state); utime = field 14, stime = field 15, ppid = field 4
    return { ppid: Number(rest[1]), utime: Number(rest[11]), stime: Number(rest[12]) }
  } catch {
    return null
  }
}

function readStatusKb (pid, key) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const m = s.match(new RegExp('^' + key + ':\\s+(\\d+) kB', 'm'))
    return m ? Number(m[1]) : 0
  } catch {
    return 0
  }
}

/** The pid and all its descendants (servers may fork workers). */
export function procTree (rootPid) {
  const children = new Map()
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    const st = readStat(d)
    if (!st) continue
    if (!children.has(st.ppid)) children.set(st.ppid, [])
    children.get(st.ppid).push(Number(d))
  }
  const out = []
  const stack = [rootPid]
  while (stack.length) {
    const p = stack.pop()
    out.push(p)
    for (const c of children.get(p) || []) stack.push(c)
  }
  return out
}

/** CPU seconds (user+system) and memory of a process tree. */
export function sampleTree (rootPid) {
  const pids = procTree(rootPid)
  let ticks = 0
  let hwm = 0
  let rss = 0
  for (const p of pids) {
    const st = readStat(p)
    if (!st) continue
    ticks += st.utime + st.stime
    hwm += readStatusKb(p, 'VmHWM')
    rss += readStatusKb(p, 'VmRSS')
  }
  return { cpuS: ticks / clkTck, hwmKb: hwm, rssKb: rss, pids: pids.length }
}

/**
 * Tracks one or more server process trees: CPU seconds between mark() and a later sample(),
 * in total and per process, and peak RSS (max of the summed VmHWM and of the sampled summed
 * VmRSS, which matter once there are several processes), also per process.
 */
export class ServerMeter {
  constructor (pids) {
    this.pids = (Array.isArray(pids) ? pids : [pids]).filter(p => p != null)
    this.peakRssKb = 0
    this.peakPerKb = this.pids.map(() => 0)
    this.timer = setInterval(() => this.sample(), 250)
    this.timer.unref()
    this.sample()
  }

  sample () {
    const per = this.pids.map(p => sampleTree(p))
    const s = {
      cpuS: per.reduce((a, x) => a + x.cpuS, 0),
      hwmKb: per.reduce((a, x) => a + x.hwmKb, 0),
      rssKb: per.reduce((a, x) => a + x.rssKb, 0),
      per: per.map(x => ({ cpuS: x.cpuS, rssKb: x.rssKb }))
    }
    this.peakRssKb = Math.max(this.peakRssKb, s.hwmKb, s.rssKb)
    per.forEach((x, i) => { this.peakPerKb[i] = Math.max(this.peakPerKb[i], x.hwmKb, x.rssKb) })
    this.last = s
    return s
  }

  /** A CPU snapshot to subtract later: {cpuS, per: [cpuS…]}. */
  mark () {
    const s = this.sample()
    return { cpuS: s.cpuS, per: s.per.map(x => x.cpuS) }
  }

  stop () {
    clearInterval(this.timer)
  }
}

function expand (tpl, vars) {
  return tpl.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m))
}

async function waitHttp (url, proc, timeoutMs) {
  const t0 = Date.now()
  let lastErr = ''
  while (Date.now() - t0 < timeoutMs) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`server exited (${proc.exitCode ?? proc.signalCode}) before answering ${url}`)
    }
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) })
      if (r.ok) return Date.now() - t0
      lastErr = 'HTTP ' + r.status
    } catch (e) {
      lastErr = e.cause?.code || e.message
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms (${lastErr})`)
}

/**
 * Start a server from a command template. Placeholders: {port}, {host}, {tmp}, {bench}, and
 * {db} / {redis} (URLs of the throwaway services) on targets that have them.
 * The command runs via `sh -c exec …`, so the pid we hold is the server itself.
 */
export async function startServer ({ cmd, healthPath, port, tmp, vars: extra = {}, pinCpu, logFile, env = {}, readyTimeoutMs = 30000 }) {
  const vars = { port, host: '127.0.0.1', tmp, bench: benchDir, ...extra }
  const command = expand(cmd, vars)
  const argv = ['sh', '-c', 'exec ' + command]
  const full = (hasTaskset && pinCpu != null) ? ['taskset', '-c', String(pinCpu), ...argv] : argv
  const log = fs.openSync(logFile, 'a')
  fs.writeSync(log, `\n### ${new Date().toISOString()} ${full.join(' ')}\n`)
  const proc = spawn(full[0], full.slice(1), {
    cwd: benchDir,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', log, log],
    detached: true // own process group, so stop() reaches its children too
  })
  fs.closeSync(log)
  hookExit()
  live.add(proc)
  proc.once('exit', () => live.delete(proc))
  const url = `http://127.0.0.1:${port}${healthPath}`
  const readyMs = await waitHttp(url, proc, readyTimeoutMs).catch(e => {
    stopServer(proc)
    throw e
  })
  return { proc, pid: proc.pid, command, readyMs }
}

// Servers run in their own process group (detached): if the harness dies (Ctrl-C, a closed
// stdout pipe, an uncaught error), kill the groups still running on the way out.
const live = new Set()
let exitHooked = false
function hookExit () {
  if (exitHooked) return
  exitHooked = true
  process.on('exit', () => {
    for (const proc of live) {
      try { process.kill(-proc.pid, 'SIGKILL') } catch {}
    }
  })
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(130))
  process.stdout.on('error', e => { if (e.code === 'EPIPE') process.exit(141) })
}

export async function stopServer (proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
  const done = new Promise(resolve => proc.once('exit', resolve))
  try { process.kill(-proc.pid, 'SIGTERM') } catch {}
  const t = setTimeout(() => { try { process.kill(-proc.pid, 'SIGKILL') } catch {} }, 5000)
  await done
  clearTimeout(t)
}

export function tail (file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}
