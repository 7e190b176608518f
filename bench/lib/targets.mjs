// Targets: how to start a server and how to get "rooms" (websocket URL + room + params) on it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ServerMeter, freePort, startServer, stopServer, tail } from './server.mjs'

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
  }
}

/**
 * Parse a --target value:
 *   reference | obeya                       preset (the harness starts the server)
 *   NAME=ws://host:port                     already running plain y-websocket server (no server metrics)
 *   NAME=obeya+http://host:port             already running Obeya (no server metrics)
 *   NAME                                    needs --cmd NAME='…' (and optionally --kind NAME=obeya)
 */
export function parseTarget (spec, cmds, kinds, healths) {
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
    note: preset.note || '',
    env: {},
    external: null
  }
  if (url) {
    if (url.startsWith('obeya+')) {
      t.kind = 'obeya'
      url = url.slice('obeya+'.length)
    }
    t.external = url.replace(/\/$/, '')
    t.cmd = null
    t.persistent = false // we cannot restart it
    t.note = 'external ' + t.external
  }
  if (!t.cmd && !t.external) throw new Error(`target ${name}: no preset, give --cmd ${name}='command with {port}' or ${name}=ws://host:port`)
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

/** A running instance of a target: rooms(), meter, stop(), restart(). */
export class Instance {
  constructor (target, opts) {
    this.t = target
    this.opts = opts
    this.proc = null
    this.meter = null
    this.workshop = null
    this.roomSeq = 0
  }

  async start (reuseTmp = false) {
    const t = this.t
    if (t.external) {
      this.httpBase = t.external.replace(/^ws/, 'http')
      this.wsBase = t.external.replace(/^http/, 'ws')
      return this
    }
    if (!reuseTmp) {
      this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${t.name}-`))
      this.port = await freePort()
    }
    this.logFile = path.join(this.opts.logDir, `${t.name}.log`)
    const s = await startServer({
      cmd: t.cmd, healthPath: t.healthPath, port: this.port, tmp: this.tmp,
      pinCpu: this.opts.pin ? 1 : null, logFile: this.logFile, env: t.env
    })
    this.proc = s.proc
    this.command = s.command
    this.readyMs = s.readyMs
    this.meter = new ServerMeter(s.pid)
    this.httpBase = `http://127.0.0.1:${this.port}`
    this.wsBase = `ws://127.0.0.1:${this.port}`
    return this
  }

  alive () {
    return !this.proc || (this.proc.exitCode === null && this.proc.signalCode === null)
  }

  async stop ({ keepTmp = false } = {}) {
    if (this.meter) this.meter.stop()
    if (this.proc) await stopServer(this.proc)
    this.proc = null
    if (!keepTmp && this.tmp && !this.opts.keepTmp) fs.rmSync(this.tmp, { recursive: true, force: true })
  }

  /** Restart the server process on the same port and data directory (persistent targets). */
  async restart () {
    await this.stop({ keepTmp: true })
    return this.start(true)
  }

  logTail (n = 15) {
    return this.logFile ? tail(this.logFile, n) : ''
  }

  /** Create `count` fresh rooms; on Obeya each room is a new notes board (not timed). */
  async rooms (count, label) {
    if (this.t.kind !== 'obeya') {
      const out = []
      for (let i = 0; i < count; i++) {
        out.push({ url: this.wsBase, room: `${label}-${this.roomSeq++}`, params: {} })
      }
      return out
    }
    if (!this.workshop) {
      const w = await httpJson('POST', `${this.httpBase}/api/workshops`, {
        title: 'bench', process: 'load test', boundary: 'bench', language: 'en'
      })
      this.workshop = w
    }
    const { id, token } = this.workshop
    const out = new Array(count)
    let next = 0
    const worker = async () => {
      while (next < count) {
        const i = next++
        const b = await httpJson('POST', `${this.httpBase}/api/workshops/${id}/boards`,
          { kind: 'notes', title: `${label} ${this.roomSeq + i}` }, token)
        out[i] = { url: `${this.wsBase}/ws/${b.id}`, room: 'content', params: { token }, board: b.id }
      }
    }
    await Promise.all(Array.from({ length: Math.min(8, count) }, worker))
    this.roomSeq += count
    return out
  }
}
