// Scenarios A–D. Each takes a started Instance and returns a plain JSON-able result.
import * as Y from 'yjs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import {
  BenchClient, LatencySink, divergence, now, percentiles, sleep, stats, sumCloses, waitFor
} from './client.mjs'

const r1 = x => (x == null ? null : Math.round(x * 10) / 10)
const r3 = x => (x == null ? null : Math.round(x * 1000) / 1000)
const mb = kb => r1(kb / 1024)

/** Client-process load during a window: if it is near 100 %, latencies are client-bound. */
class ClientLoad {
  constructor () {
    this.eld = monitorEventLoopDelay({ resolution: 10 })
  }

  start () {
    this.cpu0 = process.cpuUsage()
    this.t0 = now()
    this.eld.reset()
    this.eld.enable()
  }

  stop () {
    this.eld.disable()
    const d = process.cpuUsage(this.cpu0)
    const wall = now() - this.t0
    return {
      cpu_pct: r1((d.user + d.system) / 1000 / wall * 100),
      event_loop_delay_p99_ms: r1(this.eld.percentile(99) / 1e6),
      event_loop_delay_max_ms: r1(this.eld.max / 1e6)
    }
  }
}

/**
 * Server figures since `mark` (from cpuMark; null = since the start). Summed over all server
 * processes; with several processes also per process, and with throwaway services the CPU of
 * PostgreSQL (postmaster + backends) + Redis apart (`services_cpu_s`).
 */
function serverWindow (inst, mark) {
  if (!inst.meter) return { cpu_s: null, peak_rss_mb: null }
  const s = inst.meter.sample()
  const m0 = mark?.server
  const out = {
    cpu_s: r3(s.cpuS - (m0 ? m0.cpuS : 0)),
    peak_rss_mb: mb(inst.meter.peakRssKb),
    rss_mb: mb(s.rssKb),
    processes: s.per.length
  }
  if (s.per.length > 1) {
    out.per_process = s.per.map((x, i) => ({
      cpu_s: r3(x.cpuS - (m0 ? m0.per[i] : 0)),
      peak_rss_mb: mb(inst.meter.peakPerKb[i]),
      rss_mb: mb(x.rssKb)
    }))
  }
  const sm = inst.svc?.meter
  if (sm) {
    const v = sm.sample()
    const v0 = mark?.services
    out.services_cpu_s = r3(v.cpuS - (v0 ? v0.cpuS : 0))
    out.services_rss_mb = mb(v.rssKb)
  }
  return out
}

function cpuMark (inst) {
  return {
    server: inst.meter ? inst.meter.mark() : null,
    services: inst.svc?.meter ? inst.svc.meter.mark() : null
  }
}

// five decimals: at ~0.015 CPU-s per 1k, three would hide differences of 7 %
function perK (cpuS, delivered) {
  return cpuS == null || !delivered ? null : Math.round(cpuS / (delivered / 1000) * 1e5) / 1e5
}

/**
 * Paced writes: `total` updates at `rate`/s, update j done by pick(j) → [client, writerId].
 * Sends whatever is due each time the timer fires (catches up if the loop was late).
 */
async function pacedWrites (total, rate, pick) {
  const interval = 1000 / rate
  const t0 = now()
  let sent = 0
  while (sent < total) {
    const due = t0 + sent * interval
    const wait = due - now()
    if (wait > 1) await sleep(wait)
    while (sent < total && t0 + sent * interval <= now() + 0.5) {
      const [client, w] = pick(sent)
      client.write(w, sent)
      sent++
    }
  }
  return { sent, ms: now() - t0 }
}

function awarenessFigures (clients, before, n, presence) {
  const join = before.map(x => x)
  const steady = clients.map((c, i) => c.c.awMsgs - before[i])
  const missing = presence ? clients.filter(c => c.awareness.getStates().size < n).length : null
  const echo = clients.filter(c => c.c.awOwnEcho > 0).length
  const procs = Math.max(...clients.map(c => c.process)) + 1
  const perProcess = presence && procs > 1
    ? Array.from({ length: procs }, (_, p) => clients.filter(c => c.process === p && c.awareness.getStates().size < n).length)
    : undefined
  return {
    presence_incomplete_per_process: perProcess,
    aw_msgs_join_per_client: stats(join),
    aw_msgs_steady_per_client: stats(steady),
    aw_msgs_total: clients.reduce((s, c) => s + c.c.awMsgs, 0),
    aw_states_total: clients.reduce((s, c) => s + c.c.awStates, 0),
    presence_incomplete_clients: missing,
    own_state_echo_clients: echo
  }
}

function connIssues (clients) {
  const connects = clients.reduce((s, c) => s + c.c.connects, 0)
  return {
    reconnects: Math.max(0, connects - clients.length),
    closes: sumCloses(clients),
    never_connected: clients.filter(c => c.c.connects === 0).length
  }
}

async function teardown (clients) {
  for (const c of clients) c.destroy()
  await sleep(300)
}

// ---------------------------------------------------------------------------------------
// A: one room, N clients, W writers at R updates/s aggregate for D seconds.
export async function scenarioA (inst, cfg, { n, presence }) {
  const [room] = await inst.rooms(1, 'a')
  const sink = new LatencySink()
  sink.recording = false
  const load = new ClientLoad()
  const clients = []
  for (let i = 0; i < n; i++) clients.push(new BenchClient(room, { presence, name: `c${i}`, sink, index: i }))
  const syncMs = await waitFor(() => clients.every(c => c.synced), cfg.syncTimeoutMs)
  const synced = clients.filter(c => c.synced).length
  await sleep(cfg.settleMs) // join-time awareness settles
  const awBefore = clients.map(c => c.c.awMsgs)
  const recvBefore = clients.reduce((s, c) => s + c.c.recv, 0)
  const syncBefore = clients.reduce((s, c) => s + c.c.syncMsgs, 0)
  const cpu0 = cpuMark(inst)
  load.start()
  sink.recording = true
  const W = Math.min(cfg.writers, n)
  const total = Math.round(cfg.rate * cfg.durationS)
  const w = await pacedWrites(total, cfg.rate, j => [clients[j % W], j % W])
  const drainMs = await waitFor(() => clients.every(c => c.arr.length >= w.sent), cfg.drainTimeoutMs, 20)
  sink.recording = false
  const client = load.stop()
  const server = serverWindow(inst, cpu0)
  const delivered = clients.reduce((s, c) => s + c.c.recv, 0) - recvBefore
  // sync-protocol messages (updates) received in the window per delivered item: ~1 when each
  // update reaches each peer once, > 1 with duplicate delivery, < 1 if a server batches
  const syncMsgs = clients.reduce((s, c) => s + c.c.syncMsgs, 0) - syncBefore
  const expected = w.sent * (n - 1)
  const div = divergence(clients)
  const res = {
    clients: n, presence, writers: W, rate: cfg.rate, duration_s: cfg.durationS,
    sync_all_ms: r1(syncMs), synced,
    sent: w.sent, send_ms: r1(w.ms), drain_ms: r1(drainMs),
    delivered, expected, latency_ms: percentiles(sink.samples),
    update_msgs: syncMsgs, update_msgs_per_delivered: delivered ? r3(syncMsgs / delivered) : null,
    ...div,
    ...awarenessFigures(clients, awBefore, n, presence),
    ...connIssues(clients),
    server: {
      ...server,
      cpu_s_per_1k_delivered: perK(server.cpu_s, delivered),
      with_services_cpu_s_per_1k_delivered: server.services_cpu_s == null ? null : perK(server.cpu_s + server.services_cpu_s, delivered)
    },
    client
  }
  if (room.urls && room.urls.length > 1) {
    res.latency_same_process_ms = percentiles(sink.byRoute.same)
    res.latency_cross_process_ms = percentiles(sink.byRoute.cross)
    res.clients_per_process = room.urls.map((_, p) => clients.filter(c => c.process === p).length)
    res.writers_per_process = room.urls.map((_, p) => clients.slice(0, W).filter(c => c.process === p).length)
  }
  await teardown(clients)
  return res
}

/** Per receiver: the writes of its room's other members it does not hold. */
function missingWrites (byRoom, written) {
  const out = []
  byRoom.forEach((cs, r) => {
    cs.forEach((c, i) => {
      const have = new Set(c.arr.toArray().map(it => it && it.s))
      for (const x of written[r]) {
        if (x.w !== i && !have.has(x.s)) out.push({ r, s: x.s, from: cs[x.w].process, to: c.process, rc: c })
      }
    })
  })
  return out
}

async function lateDelivery (rooms, byRoom, written, cfg) {
  const t0 = now()
  const first = missingWrites(byRoom, written)
  const byRoute = {}
  for (const m of first) byRoute[`${m.from}->${m.to}`] = (byRoute[`${m.from}->${m.to}`] || 0) + 1
  const receivers = new Set(first.map(m => m.rc))
  const timeline = []
  let left = first
  while (left.length && now() - t0 < cfg.lateWaitMs) {
    await sleep(1000)
    left = missingWrites(byRoom, written)
    timeline.push([Math.round((now() - t0) / 1000), left.length])
  }
  // what the servers hold of what is still missing: a fresh client of the room on each process
  const stillRooms = [...new Set(left.map(m => m.r))].slice(0, 20)
  let heldByServer = 0
  let checked = 0
  const procs = byRoom[0][0].processes
  const checkUntil = now() + 60000 // servers refusing joins must not hold the run for long
  for (const r of stillRooms) {
    for (let p = 0; p < procs && now() < checkUntil; p++) {
      const f = new BenchClient(rooms[r], { presence: false, connect: false, index: p })
      f.connect()
      await waitFor(() => f.synced || f.terminal, 15000, 20)
      const have = new Set(f.arr.toArray().map(it => it && it.s))
      for (const m of left) {
        if (m.r !== r) continue
        checked++
        if (have.has(m.s)) heldByServer++
      }
      f.destroy()
    }
  }
  return {
    at_drain: first.length,
    rooms_at_drain: new Set(first.map(m => m.r)).size,
    receivers_at_drain: receivers.size,
    receivers_connected: [...receivers].filter(c => c.provider.wsconnected).length,
    receivers_synced: [...receivers].filter(c => c.synced).length,
    by_route: byRoute,
    after_s: timeline.length ? timeline[timeline.length - 1][0] : 0,
    still_missing: left.length,
    still_missing_rooms: new Set(left.map(m => m.r)).size,
    timeline: timeline.filter((x, i) => i % 5 === 4 || i === timeline.length - 1),
    fresh_client_checks: checked,
    fresh_client_has: heldByServer
  }
}

// ---------------------------------------------------------------------------------------
// B: many rooms × few clients: connect storm, then light writes.
export async function scenarioB (inst, cfg) {
  const R = cfg.rooms
  const k = cfg.perRoom
  const tSetup = now()
  const rooms = await inst.rooms(R, 'b', { tokenPerRoom: true })
  const setupMs = now() - tSetup
  const sink = new LatencySink()
  sink.recording = false
  const load = new ClientLoad()
  const byRoom = rooms.map(room => Array.from({ length: k }, (_, i) =>
    new BenchClient(room, { presence: true, name: `c${i}`, sink, connect: false, index: i })))
  const clients = byRoom.flat()
  const cpu0 = cpuMark(inst)
  load.start()
  const t0 = now()
  if (cfg.connectRate > 0) {
    // joining at a pace (clients/s) rather than all at once: holding many clients, not the storm
    for (let i = 0; i < clients.length; i++) {
      const due = t0 + (i / cfg.connectRate) * 1000
      if (due - now() > 1) await sleep(due - now())
      clients[i].connect()
    }
  } else {
    for (const c of clients) c.connect()
  }
  const syncMs = await waitFor(() => clients.every(c => c.synced), cfg.syncTimeoutMs, 20)
  const synced = clients.filter(c => c.synced).length
  const syncTimes = clients.filter(c => c.syncedAt != null).map(c => c.syncedAt - t0)
  const stormClient = load.stop()
  const storm = serverWindow(inst, cpu0)
  await sleep(cfg.settleMs)
  const cpu1 = cpuMark(inst)
  load.start()
  sink.recording = true
  const total = Math.round(R * cfg.perRoomRate * cfg.durationS)
  const sentPerRoom = new Array(R).fill(0)
  const written = rooms.map(() => [])
  const w = await pacedWrites(total, R * cfg.perRoomRate, j => {
    const r = j % R
    sentPerRoom[r]++
    const ci = Math.floor(j / R) % k
    written[r].push({ s: j, w: ci })
    return [byRoom[r][ci], ci]
  })
  const drainMs = await waitFor(() => byRoom.every((cs, r) => cs.every(c => c.arr.length >= sentPerRoom[r])), cfg.drainTimeoutMs, 20)
  sink.recording = false
  const writeClient = load.stop()
  const writes = serverWindow(inst, cpu1)
  const delivered = clients.reduce((s, c) => s + c.c.recv, 0)
  let divergent = 0
  for (const cs of byRoom) divergent += divergence(cs).divergent
  // past the drain: were the missing updates in flight (they still arrive) or lost (a fresh
  // client of the room, served from the server's state, does not have them either)?
  const undelivered = drainMs == null ? await lateDelivery(rooms, byRoom, written, cfg) : null
  const res = {
    rooms: R, per_room: k, clients: clients.length, board_setup_ms: r1(setupMs),
    connect_rate: cfg.connectRate || null,
    sync_all_ms: r1(syncMs), synced, sync_ms: percentiles(syncTimes),
    sent: w.sent, rate: R * cfg.perRoomRate, duration_s: cfg.durationS, drain_ms: r1(drainMs),
    delivered, expected: w.sent * (k - 1), latency_ms: percentiles(sink.samples),
    divergent,
    undelivered,
    ...connIssues(clients),
    aw_msgs_total: clients.reduce((s, c) => s + c.c.awMsgs, 0),
    server: {
      storm_cpu_s: storm.cpu_s,
      rss_after_storm_mb: storm.rss_mb,
      writes_cpu_s: writes.cpu_s,
      cpu_s_per_1k_delivered: perK(writes.cpu_s, delivered),
      storm_services_cpu_s: storm.services_cpu_s,
      writes_services_cpu_s: writes.services_cpu_s,
      per_process: writes.per_process,
      peak_rss_mb: writes.peak_rss_mb,
      rss_mb: writes.rss_mb
    },
    client: { storm: stormClient, writes: writeClient }
  }
  await teardown(clients)
  return res
}

// ---------------------------------------------------------------------------------------
// C: a fresh client's sync of a board with a long history.
function svEqual (a, b) {
  const x = Y.decodeStateVector(Y.encodeStateVector(a))
  const y = Y.decodeStateVector(Y.encodeStateVector(b))
  if (x.size !== y.size) return false
  for (const [k, v] of x) if (y.get(k) !== v) return false
  return true
}

async function freshSync (room, expectedKey, timeoutMs, index = 0) {
  const f = new BenchClient(room, { presence: false, connect: false, index })
  let rawBytes = 0
  f.connect()
  const t0 = f.startedAt
  const ws = f.provider.ws // created synchronously by connect()
  if (ws) {
    const orig = ws.onmessage
    ws.onmessage = ev => { rawBytes += ev.data?.byteLength || 0; orig(ev) }
  }
  await waitFor(() => f.synced || f.terminal, timeoutMs, 2)
  const ms = f.synced ? 1 : null
  const syncedMs = f.syncedAt != null ? f.syncedAt - t0 : null
  // a server may send the history after step 2 (as updates): wait for content equality
  const completeMs = ms == null ? null : await waitFor(() => f.stateKey() === expectedKey, 10000, 20)
  const out = {
    synced: ms != null,
    sync_ms: r1(syncedMs),
    complete_ms: completeMs == null ? null : r1(now() - t0),
    equal: completeMs != null,
    bytes_received: rawBytes || null,
    closes: f.c.closes
  }
  f.destroy()
  return out
}

export async function scenarioC (inst, cfg) {
  const [room] = await inst.rooms(1, 'c')
  // with several processes the observer is on another process than the writer
  const P = new BenchClient(room, { presence: false, index: 0 })
  const O = new BenchClient(room, { presence: false, index: 1 })
  await waitFor(() => P.synced && O.synced, cfg.syncTimeoutMs)
  const notes = P.doc.getMap('notes')
  const H = cfg.history
  const cpu0 = cpuMark(inst)
  const t0 = now()
  let i = 0
  const perTick = Math.max(1, Math.round(cfg.prefillRate / 100))
  while (i < H) {
    const tickDue = t0 + (i / cfg.prefillRate) * 1000
    const wait = tickDue - now()
    if (wait > 1) await sleep(wait)
    for (let j = 0; j < perTick && i < H; j++, i++) {
      notes.set('n' + (i % 200), { x: i % 997, y: (i * 7) % 991, text: 'note ' + i })
    }
  }
  const sendMs = now() - t0
  const arrived = await waitFor(() => P.terminal || O.terminal || svEqual(P.doc, O.doc), cfg.prefillTimeoutMs, 50) != null &&
    svEqual(P.doc, O.doc)
  const prefillMs = now() - t0
  const prefill = serverWindow(inst, cpu0)
  const expectedKey = P.stateKey()
  const stateBytes = Y.encodeStateAsUpdate(P.doc).length
  const prefillCloses = sumCloses([P, O])
  const prefillReconnects = P.c.connects + O.c.connects - 2
  P.destroy()
  O.destroy()
  if (!arrived) {
    return {
      history: H, prefill_rate: cfg.prefillRate, prefill_ms: r1(prefillMs), prefill_arrived: false,
      prefill_closes: prefillCloses, prefill_reconnects: prefillReconnects,
      error: `prefill did not reach the server (closes ${JSON.stringify(prefillCloses)}); ` +
        'a per-connection rate limit? lower --prefill-rate'
    }
  }
  await sleep(cfg.settleMs)
  const warm = []
  for (let k = 0; k < cfg.freshRepeats; k++) {
    const cpu1 = cpuMark(inst)
    const r = await freshSync(room, expectedKey, cfg.syncTimeoutMs, k)
    r.server_cpu_s = serverWindow(inst, cpu1).cpu_s
    warm.push(r)
  }
  const res = {
    history: H, prefill_rate: cfg.prefillRate, prefill_send_ms: r1(sendMs),
    prefill_ms: r1(prefillMs), prefill_arrived: arrived,
    prefill_closes: prefillCloses, prefill_reconnects: prefillReconnects,
    prefill_server_cpu_s: prefill.cpu_s,
    state_bytes: stateBytes,
    fresh: warm,
    fresh_sync_ms_median: r1(median(warm.map(x => x.sync_ms))),
    fresh_complete_ms_median: r1(median(warm.map(x => x.complete_ms))),
    fresh_all_equal: warm.every(x => x.equal),
    server: { peak_rss_mb: serverWindow(inst, null).peak_rss_mb }
  }
  if (inst.t.persistent && inst.proc && cfg.coldRestart) {
    await inst.restart()
    const cpu2 = cpuMark(inst)
    const r = await freshSync(room, expectedKey, cfg.syncTimeoutMs)
    r.server_cpu_s = serverWindow(inst, cpu2).cpu_s
    r.server_ready_ms = inst.readyMs
    res.cold = r
  }
  return res
}

function median (xs) {
  const a = xs.filter(x => x != null).sort((p, q) => p - q)
  if (!a.length) return null
  return a[Math.floor(a.length / 2)]
}

// ---------------------------------------------------------------------------------------
// D: S clients join a brand-new room at the same moment.
export async function scenarioD (inst, cfg) {
  const [room] = await inst.rooms(1, 'd')
  const S = cfg.storm
  const clients = Array.from({ length: S }, (_, i) =>
    new BenchClient(room, { presence: true, name: `c${i}`, connect: false, index: i }))
  const cpu0 = cpuMark(inst)
  const t0 = now()
  for (const c of clients) c.connect()
  const ms = await waitFor(() => clients.every(c => c.synced), cfg.syncTimeoutMs, 5)
  const syncTimes = clients.filter(c => c.syncedAt != null).map(c => c.syncedAt - t0)
  const synced = clients.filter(c => c.synced).length
  clients.forEach((c, i) => c.write(i, i))
  const convergedMs = await waitFor(() => clients.every(c => c.arr.length >= S), cfg.drainTimeoutMs, 10)
  await waitFor(() => clients.every(c => c.awareness.getStates().size >= S), 3000, 50)
  const div = divergence(clients)
  const res = {
    clients: S, sync_all_ms: r1(ms), synced, sync_ms: percentiles(syncTimes),
    write_converged_ms: r1(convergedMs), ...div,
    presence_incomplete_clients: clients.filter(c => c.awareness.getStates().size < S).length,
    aw_msgs_per_client: stats(clients.map(c => c.c.awMsgs)),
    ...connIssues(clients),
    server: serverWindow(inst, cpu0)
  }
  await teardown(clients)
  return res
}
