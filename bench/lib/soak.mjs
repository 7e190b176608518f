// Scenario S: a long soak. Steady writers with presence, peers joining and leaving, and rooms
// that are used, left and unloaded, for --soak-duration seconds; the server's RSS and open
// file descriptors are sampled all along, and every item written is checked at the end --
// also after the rooms unloaded, through a fresh client that loads them from storage.
import fs from 'node:fs'
import { BenchClient, now, sleep, sumCloses, waitFor } from './client.mjs'
import { procTree } from './server.mjs'

const r1 = x => (x == null ? null : Math.round(x * 10) / 10)
const PAD = 'soak '.repeat(40) // ~200 bytes of text per item, as a short card would carry

/** Open file descriptors of every server process tree (null without a local server). */
export function openFds (inst) {
  const roots = (inst.procs || []).map(p => p.pid).filter(p => p != null)
  if (!roots.length) return null
  let n = 0
  for (const root of roots) {
    for (const pid of procTree(root)) {
      try { n += fs.readdirSync(`/proc/${pid}/fd`).length } catch {}
    }
  }
  return n
}

function sample (inst, t0, phase) {
  const s = inst.meter ? inst.meter.sample() : null
  return {
    t_s: r1((now() - t0) / 1000),
    phase,
    rss_mb: s ? r1(s.rssKb / 1024) : null,
    fds: openFds(inst)
  }
}

function write (client, w, s) {
  client.arr.push([{ w, s, t: now(), text: PAD }])
}

/** A fresh client loads the room and counts its items (null if it never synced). */
async function countItems (room, index, timeoutMs = 20000) {
  const c = new BenchClient(room, { presence: false, index })
  await waitFor(() => c.synced || c.terminal, timeoutMs, 20)
  await sleep(200) // a server may stream the rest after step 2
  const n = c.synced ? c.arr.length : null
  c.destroy()
  return n
}

export async function scenarioS (inst, cfg) {
  const t0 = now()
  const samples = [sample(inst, t0, 'idle')]
  const closesOf = []
  let connects = 0
  let created = 0
  const track = c => { created++; closesOf.push(c); return c }

  // steady rooms: K members each, presence on, one rotating writer per room
  const steadyRooms = await inst.rooms(cfg.rooms, 'soak')
  const steady = steadyRooms.map(room => ({
    room,
    sent: 0,
    clients: Array.from({ length: cfg.perRoom }, (_, i) =>
      track(new BenchClient(room, { presence: true, name: `s${i}`, index: i })))
  }))
  await waitFor(() => steady.every(r => r.clients.every(c => c.synced)), 30000)
  await sleep(1000)
  samples.push(sample(inst, t0, 'start'))

  const cycled = [] // { room, expected, leftAt, found }
  const transients = new Set()
  const endAt = now() + cfg.durationS * 1000
  let nextSample = now() + cfg.sampleS * 1000
  let nextCycle = now()
  let nextChurn = now() + cfg.churnEveryS * 1000
  let seq = 0
  const interval = 1000 / (cfg.rooms * cfg.roomRate)
  let due = now()
  let tick = 0
  const background = []

  const cycleBatch = async () => {
    const rooms = await inst.rooms(cfg.cycleRooms, 'cycle')
    for (const room of rooms) {
      const members = [0, 1].map(i => track(new BenchClient(room, { presence: true, name: `c${i}`, index: i })))
      await waitFor(() => members.every(c => c.synced), 20000, 20)
      for (let k = 0; k < cfg.cycleWrites; k++) {
        write(members[k % 2], k % 2, k)
        if (k % 10 === 9) await sleep(50)
      }
      const expected = cfg.cycleWrites
      await waitFor(() => members.every(c => c.arr.length >= expected), 15000, 50)
      connects += members.reduce((s, c) => s + c.c.connects, 0)
      for (const c of members) c.destroy()
      cycled.push({ room, expected, leftAt: now(), found: undefined })
    }
  }

  const churn = async () => {
    const r = steady[Math.floor(Math.random() * steady.length)]
    const c = track(new BenchClient(r.room, { presence: true, name: 'visitor', index: cfg.perRoom + (seq++) }))
    transients.add(c)
    await waitFor(() => c.synced || c.terminal, 20000, 20)
    if (c.synced) {
      for (let k = 0; k < cfg.churnWrites; k++) { write(c, 100, k); r.sent++ }
    }
    await sleep(cfg.churnStayS * 1000)
    connects += c.c.connects
    c.destroy()
    transients.delete(c)
  }

  const verifyDue = async (olderThanMs) => {
    for (const x of cycled) {
      if (x.found === undefined && now() - x.leftAt >= olderThanMs) {
        x.found = null // claimed
        x.found = await countItems(x.room, 0)
      }
    }
  }

  while (now() < endAt) {
    // steady writes, paced; whatever is due is sent (catches up if the loop was late)
    while (due <= now() + 0.5) {
      const r = steady[tick % steady.length]
      const writer = r.clients[Math.floor(tick / steady.length) % r.clients.length]
      write(writer, writer === r.clients[0] ? 0 : 1, r.sent++)
      tick++
      due += interval
    }
    if (now() >= nextCycle) {
      nextCycle += cfg.cycleEveryS * 1000
      background.push(cycleBatch().catch(e => { samples.push({ error: 'cycle: ' + e.message }) }))
    }
    if (now() >= nextChurn) {
      nextChurn += cfg.churnEveryS * 1000
      background.push(churn().catch(e => { samples.push({ error: 'churn: ' + e.message }) }))
    }
    if (now() >= nextSample) {
      nextSample += cfg.sampleS * 1000
      samples.push(sample(inst, t0, 'load'))
      background.push(verifyDue(cfg.unloadWaitS * 1000))
    }
    await sleep(Math.max(1, Math.min(50, due - now())))
  }
  await Promise.all(background)
  // everything written reached every steady member?
  await waitFor(() => steady.every(r => r.clients.every(c => c.arr.length >= r.sent)), 30000, 50)
  samples.push(sample(inst, t0, 'end, loaded'))
  const steadyLost = steady.reduce((s, r) => s + Math.max(0, r.sent - Math.min(...r.clients.map(c => c.arr.length))), 0)
  const steadySent = steady.reduce((s, r) => s + r.sent, 0)
  const allClients = [...steady.flatMap(r => r.clients)]
  connects += allClients.reduce((s, c) => s + c.c.connects, 0)
  const closes = sumCloses(closesOf)
  for (const c of allClients) c.destroy()

  // every room left: wait for the server to unload them all, then reload each from storage
  await sleep(cfg.unloadWaitS * 1000)
  await verifyDue(0)
  let steadyReloadedLost = 0
  for (const r of steady) {
    const n = await countItems(r.room, 0)
    steadyReloadedLost += n == null ? r.sent : Math.max(0, r.sent - n)
  }
  await sleep(cfg.unloadWaitS * 1000) // the verifiers' rooms unload too
  samples.push(sample(inst, t0, 'end, unloaded'))

  const load = samples.filter(s => s.rss_mb != null)
  const at = phase => load.find(s => s.phase === phase) || null
  const peak = key => (load.length ? Math.max(...load.map(s => s[key] ?? 0)) : null)
  const cycledLost = cycled.reduce((s, x) => s + (x.found == null ? x.expected : Math.max(0, x.expected - x.found)), 0)
  return {
    duration_s: cfg.durationS,
    rooms: cfg.rooms,
    per_room: cfg.perRoom,
    steady_sent: steadySent,
    steady_lost: steadyLost,
    steady_lost_after_reload: steadyReloadedLost,
    cycled_rooms: cycled.length,
    cycled_sent: cycled.reduce((s, x) => s + x.expected, 0),
    cycled_lost_after_reload: cycledLost,
    updates_lost: steadyLost + steadyReloadedLost + cycledLost,
    clients_created: created,
    reconnects: Math.max(0, connects - created),
    closes,
    rss_mb: {
      idle: at('idle')?.rss_mb,
      start: at('start')?.rss_mb,
      peak: peak('rss_mb'),
      end_loaded: at('end, loaded')?.rss_mb,
      end_unloaded: at('end, unloaded')?.rss_mb
    },
    fds: {
      idle: at('idle')?.fds,
      start: at('start')?.fds,
      peak: peak('fds'),
      end_loaded: at('end, loaded')?.fds,
      end_unloaded: at('end, unloaded')?.fds
    },
    errors: samples.filter(s => s.error).map(s => s.error).slice(0, 10),
    samples: samples.filter(s => !s.error),
    server: { peak_rss_mb: inst.meter ? r1(inst.meter.peakRssKb / 1024) : null }
  }
}
