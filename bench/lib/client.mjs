// A stock Yjs client (y-websocket WebsocketProvider over `ws`) with counters.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { performance } from 'node:perf_hooks'
import crypto from 'node:crypto'

const MSG_SYNC = 0
const MSG_AWARENESS = 1

export const now = () => performance.now()

/**
 * The values a transaction inserted into `type` (and did not delete again), found from the
 * clock ranges it added. `event.changes` would walk the whole array on every event: with 200
 * clients in one process that made the harness, not the server, the bottleneck (O(items) per
 * delivery, 56 % of the load generator's CPU at A200).
 */
function insertedItems (tr, type) {
  const out = []
  tr.afterState.forEach((after, client) => {
    const before = tr.beforeState.get(client) || 0
    if (after <= before) return
    const structs = tr.doc.store.clients.get(client)
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i]
      if (s.id.clock >= after) break
      if (s instanceof Y.Item && s.parent === type && !s.deleted && s.id.clock >= before) {
        out.push(...s.content.getContent())
      }
    }
  })
  return out
}

/**
 * Shared latency sink. Writers push {w, s, t} into the Y.Array "bench"; every receiver
 * records now - t when the item arrives through a remote transaction.
 */
export class LatencySink {
  constructor () {
    this.samples = []
    this.byRoute = { same: [], cross: [] } // multi-process targets: writer on the same / other process
    this.recording = true
  }

  add (ms, route = null) {
    if (!this.recording) return
    this.samples.push(ms)
    if (route) this.byRoute[route].push(ms)
  }
}

export class BenchClient {
  /**
   * @param {{url:string, urls?:string[], room:string, params:object}} desc
   *   `urls`: one URL per server process of a multi-process target; client `index` picks
   *   urls[index % urls.length], so the clients of a room alternate between processes.
   * @param {{presence?: boolean, name?: string, sink?: LatencySink, connect?: boolean, index?: number,
   *   arrays?: string[]}} opts
   *   `arrays`: the Y.Arrays whose remote inserts count as deliveries (default: "bench")
   */
  constructor (desc, { presence = false, name = 'bench', sink = null, connect = true, index = 0, arrays = ['bench'] } = {}) {
    this.desc = desc
    this.url = desc.urls && desc.urls.length ? desc.urls[index % desc.urls.length] : desc.url
    this.processes = desc.urls && desc.urls.length ? desc.urls.length : 1
    this.process = index % this.processes
    this.doc = new Y.Doc()
    this.arr = this.doc.getArray('bench')
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    if (presence) {
      this.awareness.setLocalState({ user: { name, color: '#' + crypto.randomBytes(3).toString('hex') }, cursor: null })
    } else {
      this.awareness.setLocalState(null) // no presence traffic at all
    }
    this.c = {
      syncMsgs: 0, awMsgs: 0, awStates: 0, awOwnEcho: 0, recv: 0, connects: 0,
      closes: {}, errors: 0
    }
    this.syncedAt = null
    this.startedAt = null
    this.sink = sink
    this.provider = new WebsocketProvider(this.url, desc.room, this.doc, {
      WebSocketPolyfill: WebSocket,
      disableBc: true,
      params: desc.params || {},
      awareness: this.awareness,
      connect: false
    })
    const p = this.provider
    const hSync = p.messageHandlers[MSG_SYNC]
    p.messageHandlers[MSG_SYNC] = (enc, dec, prov, emitSynced, mt) => {
      this.c.syncMsgs++
      hSync(enc, dec, prov, emitSynced, mt)
    }
    const hAw = p.messageHandlers[MSG_AWARENESS]
    p.messageHandlers[MSG_AWARENESS] = (enc, dec, prov, emitSynced, mt) => {
      this.c.awMsgs++
      try {
        const d = decoding.createDecoder(decoding.readVarUint8Array(decoding.clone(dec)))
        const n = decoding.readVarUint(d)
        this.c.awStates += n
        for (let i = 0; i < n; i++) {
          const id = decoding.readVarUint(d)
          decoding.readVarUint(d) // clock
          decoding.readVarString(d) // state JSON
          if (id === this.doc.clientID) this.c.awOwnEcho++
        }
      } catch {
        this.c.errors++
      }
      hAw(enc, dec, prov, emitSynced, mt)
    }
    p.on('sync', s => {
      if (s && this.syncedAt === null) this.syncedAt = now()
    })
    p.on('status', e => { if (e.status === 'connected') this.c.connects++ })
    p.on('connection-close', ev => {
      const code = ev ? ev.code : 'local'
      this.c.closes[code] = (this.c.closes[code] || 0) + 1
    })
    p.on('connection-error', () => { this.c.errors++ })
    this.terminal = null // set when the server closed with a code the client will not retry (4400–4499)
    p.on('closed', ev => { this.terminal = ev })
    for (const arrayName of arrays) {
      const arr = this.doc.getArray(arrayName)
      arr.observe((ev, tr) => {
        if (tr.local) return
        const t = now()
        for (const it of insertedItems(tr, arr)) {
          this.c.recv++
          if (this.sink && it && typeof it.t === 'number') {
            // writer w is client index w (scenario A), so it is on process w % processes
            const route = this.processes > 1 && typeof it.w === 'number'
              ? (it.w % this.processes === this.process ? 'same' : 'cross')
              : null
            this.sink.add(t - it.t, route)
          }
        }
      })
    }
    if (connect) this.connect()
  }

  connect () {
    this.startedAt = now()
    this.provider.connect()
  }

  get synced () {
    return this.provider.synced
  }

  /** One update: push a timestamped item into the shared array. */
  write (w, s) {
    this.arr.push([{ w, s, t: now() }])
  }

  /** Sorted state vector + content hash: equal keys ⇔ converged. */
  stateKey () {
    const sv = [...Y.decodeStateVector(Y.encodeStateVector(this.doc)).entries()].sort((a, b) => a[0] - b[0])
    const h = crypto.createHash('sha1')
    h.update(JSON.stringify(sv))
    for (const name of ['bench', 'notes']) {
      // canonical JSON: a server that re-encodes updates (yrs) may reorder object keys
      h.update(canonical(name === 'bench' ? this.doc.getArray(name).toJSON() : this.doc.getMap(name).toJSON()))
    }
    return h.digest('hex')
  }

  destroy () {
    this.provider.destroy()
    this.awareness.destroy()
    this.doc.destroy()
  }
}

/** JSON with object keys sorted, so {w,s,t} and {s,t,w} compare equal. */
export function canonical (v) {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']'
  if (v && typeof v === 'object') {
    return '{' + Object.keys(v).sort().map(k => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}'
  }
  return JSON.stringify(v)
}

export function sleep (ms) {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/** Wait until pred() or timeout; returns elapsed ms or null on timeout. */
export async function waitFor (pred, timeoutMs, stepMs = 10) {
  const t0 = now()
  while (!pred()) {
    if (now() - t0 > timeoutMs) return null
    await sleep(stepMs)
  }
  return now() - t0
}

export function divergence (clients) {
  const counts = new Map()
  const keys = clients.map(c => c.stateKey())
  for (const k of keys) counts.set(k, (counts.get(k) || 0) + 1)
  let best = 0
  for (const v of counts.values()) best = Math.max(best, v)
  return { divergent: clients.length - best, distinctStates: counts.size }
}

export function percentiles (samples) {
  if (!samples.length) return { n: 0, p50: null, p95: null, p99: null, max: null, mean: null }
  const a = Float64Array.from(samples).sort()
  const q = p => a[Math.min(a.length - 1, Math.floor(p * a.length))]
  const r = x => Math.round(x * 10) / 10
  let sum = 0
  for (const x of a) sum += x
  return { n: a.length, p50: r(q(0.5)), p95: r(q(0.95)), p99: r(q(0.99)), max: r(a[a.length - 1]), mean: r(sum / a.length) }
}

export function sumCloses (clients) {
  const out = {}
  for (const c of clients) {
    for (const [k, v] of Object.entries(c.c.closes)) out[k] = (out[k] || 0) + v
  }
  return out
}

export function stats (xs) {
  if (!xs.length) return { mean: null, min: null, max: null }
  let s = 0; let mn = Infinity; let mx = -Infinity
  for (const x of xs) { s += x; mn = Math.min(mn, x); mx = Math.max(mx, x) }
  return { mean: Math.round(s / xs.length * 10) / 10, min: mn, max: mx }
}
