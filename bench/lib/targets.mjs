// Targets: how to start a server and how to get "rooms" (websocket URL + room + params) on it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { ServerMeter, benchDir, freePort, hasTaskset, startServer, stopServer, tail } from './server.mjs'

const OBEYA = '{bench}/../.venv/bin/obeya serve --port {port} --data-dir {tmp} --no-demo'

export const PRESETS = {
  reference: {
    kind: 'plain',
    cmd: 'node {bench}/node_modules/@y/websocket-server/src/server.js',
    healthPath: '/',
    persistent: false,
    note: '@y/websocket-server 0.1.1, in memory'
  },
  obeya: {
    kind: 'obeya',
    // --no-demo: measure the sync server, not the demo workshop (whose pilot analysis loads SciPy)
    cmd: '{bench}/../.venv/bin/obeya serve --port {port} --database-url sqlite:///{tmp}/bench.db --no-demo',
    healthPath: '/healthz',
    persistent: true,
    note: 'Obeya (SQLite in a temp dir)'
  },
  // Scale-out comparison: the same throwaway PostgreSQL + Redis (bench/services.py), one process
  // vs two. OBEYA_DATABASE_URL / OBEYA_REDIS_URL are set from the services.
  'obeya-pg': {
    kind: 'obeya',
    cmd: OBEYA,
    healthPath: '/healthz',
    persistent: true,
    services: ['postgres', 'redis'],
    processes: 1,
    note: 'Obeya, 1 process, throwaway PostgreSQL + Redis broker'
  },
  obeya2: {
    kind: 'obeya',
    cmd: OBEYA,
    healthPath: '/healthz',
    persistent: true,
    services: ['postgres', 'redis'],
    processes: 2,
    note: 'Obeya, 2 processes, throwaway PostgreSQL + Redis broker; clients of a room alternate between them'
  }
}

const SERVICES = ['postgres', 'redis']

/**
 * Parse a --target value:
 *   reference | obeya | obeya-pg | obeya2   preset (the harness starts the server)
 *   NAME=ws://host:port                     already running plain y-websocket server (no server metrics)
 *   NAME=obeya+http://host:port             already running Obeya (no server metrics)
 *   NAME                                    needs --cmd NAME='…' (and optionally --kind NAME=obeya)
 * `procs` / `svcs` (from --processes / --services) override a preset's process count and services.
 */
export function parseTarget (spec, cmds, kinds, healths, procs = {}, svcs = {}) {
  let name = spec
  let url = null
  const eq = spec.indexOf('=')
  if (eq > 0) {
    name = spec.slice(0, eq)
    url = spec.slice(eq + 1)
  }
  const preset = PRESETS[name] || {}
  const t = {
    name,
    kind: kinds[name] || preset.kind || 'plain',
    cmd: cmds[name] || preset.cmd || null,
    healthPath: healths[name] || preset.healthPath || '/',
    persistent: preset.persistent || kinds[name] === 'obeya',
    processes: Number(procs[name] || preset.processes || 1),
    services: name in svcs
      ? svcs[name].split('+').map(x => x.trim()).filter(x => x && x !== 'none')
      : (preset.services || []),
    note: preset.note || '',
    env: {},
    external: null
  }
  if (!(t.processes >= 1)) throw new Error(`target ${name}: bad process count ${procs[name]}`)
  for (const sv of t.services) {
    if (!SERVICES.includes(sv)) throw new Error(`target ${name}: unknown service ${sv} (postgres, redis)`)
  }
  if (url) {
    if (url.startsWith('obeya+')) {
      t.kind = 'obeya'
      url = url.slice('obeya+'.length)
    }
    t.external = url.replace(/\/$/, '')
    t.cmd = null
    t.persistent = false // we cannot restart it
    t.processes = 1
    t.services = []
    t.note = 'external ' + t.external
  }
  if (!t.cmd && !t.external) throw new Error(`target ${name}: no preset, give --cmd ${name}='command with {port}' or ${name}=ws://host:port`)
  if (t.services.length && (procs[name] || svcs[name] || !preset.services)) {
    t.note = (t.note ? t.note + '; ' : '') + `${t.processes} process(es), services ${t.services.join('+')}`
  }
  return t
}

async function httpJson (method, url, body, token) {
  const headers = { 'content-type': 'application/json' }
  if (token) headers.authorization = 'Bearer ' + token
  const r = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(15000) })
  const text = await r.text()
  if (!r.ok) throw new Error(`${method} ${url} → ${r.status} ${text.slice(0, 300)}`)
  return text ? JSON.parse(text) : null
}

/**
 * A running instance of a target: rooms(), meter, stop(), restart(). A target may run several
 * server processes (on PostgreSQL + Redis started by bench/services.py): every room then has
 * one URL per process, and clients alternate between them (BenchClient `index`).
 */
export class Instance {
  constructor (target, opts) {
    this.t = target
    this.opts = opts
    this.procs = [] // [{proc, pid, port, tmp, command, readyMs, logFile}]
    this.meter = null
    this.svc = null // {proc, urls, pids, meter}
    this.workshop = null
    this.roomSeq = 0
  }

  get proc () {
    return this.procs.length ? this.procs[0].proc : null
  }

  get command () {
    return this.procs.map(p => p.command).join('  &&  ')
  }

  get readyMs () {
    return this.procs.length ? Math.max(...this.procs.map(p => p.readyMs)) : null
  }

  async start (reuseTmp = false) {
    const t = this.t
    if (t.external) {
      this.httpBases = [t.external.replace(/^ws/, 'http')]
      this.wsBases = [t.external.replace(/^http/, 'ws')]
      return this
    }
    if (!reuseTmp) {
      this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${t.name}-`))
      this.slots = []
      for (let i = 0; i < t.processes; i++) {
        const tmp = t.processes > 1 ? path.join(this.tmp, `p${i}`) : this.tmp
        fs.mkdirSync(tmp, { recursive: true })
        this.slots.push({ port: await freePort(), tmp })
      }
    }
    if (t.services.length && !this.svc) await this.startServices()
    const env = { ...t.env }
    const vars = {}
    if (this.svc) {
      if (this.svc.urls.database_url) {
        env.OBEYA_DATABASE_URL = vars.db = this.svc.urls.database_url
      }
      if (this.svc.urls.redis_url) env.OBEYA_REDIS_URL = vars.redis = this.svc.urls.redis_url
    }
    this.env = env
    this.procs = []
    try {
      // one after the other: the first one creates the schema on a fresh database
      for (let i = 0; i < this.slots.length; i++) {
        const { port, tmp } = this.slots[i]
        const logFile = path.join(this.opts.logDir, t.processes > 1 ? `${t.name}-${i + 1}.log` : `${t.name}.log`)
        this.procs.push({ port, tmp, logFile }) // so logTail() shows a failed start
        const s = await startServer({
          cmd: t.cmd, healthPath: t.healthPath, port, tmp, vars,
          pinCpu: this.opts.pin ? 1 : null, logFile, env
        })
        Object.assign(this.procs[i], { proc: s.proc, pid: s.pid, command: s.command, readyMs: s.readyMs })
      }
    } catch (e) {
      await this.stop({ keepTmp: reuseTmp })
      throw e
    }
    this.meter = new ServerMeter(this.procs.map(p => p.pid))
    this.httpBases = this.procs.map(p => `http://127.0.0.1:${p.port}`)
    this.wsBases = this.procs.map(p => `ws://127.0.0.1:${p.port}`)
    return this
  }

  /** Throwaway PostgreSQL/Redis (bench/services.py), pinned with the servers. */
  async startServices () {
    const t = this.t
    const py = path.join(benchDir, '..', '.venv', 'bin', 'python')
    const args = [path.join(benchDir, 'services.py')]
    if (!t.services.includes('postgres')) args.push('--no-postgres')
    if (!t.services.includes('redis')) args.push('--no-redis')
    const argv = [fs.existsSync(py) ? py : 'python3', ...args]
    const full = (hasTaskset && this.opts.pin) ? ['taskset', '-c', '1', ...argv] : argv
    const logFile = path.join(this.opts.logDir, `${t.name}-services.log`)
    const log = fs.openSync(logFile, 'a')
    const proc = spawn(full[0], full.slice(1), { cwd: benchDir, stdio: ['pipe', 'pipe', log] })
    fs.closeSync(log)
    this.svc = { proc, logFile, urls: {}, pids: {} }
    const line = await new Promise((resolve, reject) => {
      let buf = ''
      const timer = setTimeout(() => reject(new Error('services did not start within 60 s')), 60000)
      proc.stdout.on('data', d => {
        buf += d
        const nl = buf.indexOf('\n')
        if (nl >= 0) { clearTimeout(timer); resolve(buf.slice(0, nl)) }
      })
      proc.once('exit', code => { clearTimeout(timer); reject(new Error(`services exited (${code}): ${tail(logFile, 5)}`)) })
    }).catch(async e => {
      await this.stopServices()
      throw e
    })
    const info = JSON.parse(line)
    if (info.error) {
      await this.stopServices()
      throw new Error('services: ' + info.error)
    }
    this.svc.urls = { database_url: info.database_url, redis_url: info.redis_url }
    this.svc.pids = info.pids || {}
    const pids = Object.values(this.svc.pids).filter(p => p != null)
    this.svc.meter = pids.length ? new ServerMeter(pids) : null
  }

  async stopServices () {
    const svc = this.svc
    this.svc = null
    if (!svc) return
    if (svc.meter) svc.meter.stop()
    const p = svc.proc
    if (p.exitCode !== null || p.signalCode !== null) return
    const done = new Promise(resolve => p.once('exit', resolve))
    p.kill('SIGTERM')
    const timer = setTimeout(() => p.kill('SIGKILL'), 20000)
    await done
    clearTimeout(timer)
  }

  alive () {
    return this.procs.every(p => !p.proc || (p.proc.exitCode === null && p.proc.signalCode === null))
  }

  async stop ({ keepTmp = false, keepServices = false } = {}) {
    if (this.meter) this.meter.stop()
    this.meter = null
    await Promise.all(this.procs.map(p => stopServer(p.proc)))
    for (const p of this.procs) p.proc = null
    if (!keepServices) await this.stopServices()
    if (!keepTmp && this.tmp && !this.opts.keepTmp) fs.rmSync(this.tmp, { recursive: true, force: true })
  }

  /** Restart the server process(es) on the same ports and data (persistent targets); services stay. */
  async restart () {
    await this.stop({ keepTmp: true, keepServices: true })
    return this.start(true)
  }

  logTail (n = 15) {
    const parts = this.procs.filter(p => p.logFile).map(p => tail(p.logFile, n))
    if (this.procs.length > 1) return parts.map((x, i) => `[process ${i + 1}]\n${x}`).join('\n')
    return parts.join('\n')
  }

  /**
   * Create `count` fresh rooms; on Obeya each room is a new notes board (not timed), made
   * through the first process. Each room has `url` (first process) and `urls` (one per process).
   */
  async rooms (count, label, { tokenPerRoom = false } = {}) {
    if (this.t.kind !== 'obeya') {
      const out = []
      for (let i = 0; i < count; i++) {
        out.push({ url: this.wsBases[0], urls: this.wsBases, room: `${label}-${this.roomSeq++}`, params: {} })
      }
      return out
    }
    const http = this.httpBases[0]
    if (!this.workshop) {
      const w = await httpJson('POST', `${http}/api/workshops`, {
        title: 'bench', process: 'load test', boundary: 'bench', language: 'en'
      })
      this.workshop = w
      // warm the other processes (database pool, token lookup) as the first one was warmed
      // by the POSTs, so a multi-process target's first connects are not cold on one side only
      for (const other of this.httpBases.slice(1)) await httpJson('GET', `${other}/api/workshops/${w.id}`, null, w.token)
    }
    const { id, token } = this.workshop
    const out = new Array(count)
    let next = 0
    const worker = async () => {
      while (next < count) {
        const i = next++
        const b = await httpJson('POST', `${http}/api/workshops/${id}/boards`,
          { kind: 'notes', title: `${label} ${this.roomSeq + i}` }, token)
        const urls = this.wsBases.map(w => `${w}/ws/${b.id}`)
        // One token for every room would meet Obeya's per-token reconnect limit (burst 300):
        // with tokenPerRoom each room's members share their own editor link, as a team would.
        const own = tokenPerRoom
          ? (await httpJson('POST', `${http}/api/workshops/${id}/invites`, { role: 'editor', label: `${label} ${this.roomSeq + i}` }, token)).token
          : token
        out[i] = { url: urls[0], urls, room: 'content', params: { token: own }, board: b.id }
      }
    }
    await Promise.all(Array.from({ length: Math.min(8, count) }, worker))
    this.roomSeq += count
    return out
  }
}
