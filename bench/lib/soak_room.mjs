// Scenario L: scenario A's busy room (N clients, W writers, R updates/s in aggregate, presence
// on) held for --soak-duration seconds. Every --soak-sample seconds a window closes with the
// server's RSS, CPU, open fds and the latency percentiles of the deliveries in it; at the end
// the RSS growth after the warm-up and the p99 of the first and the last stretch are compared.
//
// The document stays bounded: each writer appends to its own array ("soak<w>", as each
// participant edits their own card) and, in the same transaction, deletes that array's oldest
// items past --soak-keep / W. Trimming alone does not bound a CRDT: every deleted item stays a
// tombstone, and yrs keeps ~440 bytes per tombstone that cannot merge with its neighbours. In
// one shared array the 5 writers' items interleave, so no two neighbours merge and an hour at
// 50 updates/s grows the document by 180,000 tombstones (~80 MB in the server, and in each
// of the harness's 200 Y.Docs, which stalled the harness at ~1.8 GB after 35 minutes). In a
// writer's own array its deleted items are neighbours from one client and squash into one
// deleted run (a bare pycrdt Doc: +0.0 MB from 10,000 to 30,000 updates, vs +12.6 MB shared).
import { BenchClient, now, percentiles, sleep, sumCloses, waitFor } from './client.mjs'
import { openFds } from './soak.mjs'

const r1 = x => (x == null ? null : Math.round(x * 10) / 10)
const r3 = x => (x == null ? null : Math.round(x * 1000) / 1000)

/** Latencies in 0.1 ms buckets up to 60 s: percentiles of a long stretch in constant memory. */
class Histogram {
  constructor () {
    this.buckets = new Uint32Array(600001)
    this.n = 0
  }

  add (ms) {
    const i = Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms * 10)))
    this.buckets[i]++
    this.n++
  }

  quantile (q) {
    if (!this.n) return null
    const rank = Math.min(this.n - 1, Math.floor(q * this.n))
    let seen = 0
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]
      if (seen > rank) return i / 10
    }
    return null
  }

  summary () {
    return { n: this.n, p50: this.quantile(0.5), p95: this.quantile(0.95), p99: this.quantile(0.99) }
  }
}

/** Receives every delivery: the current window's samples, and the first/last stretch's. */
class WindowSink {
  constructor () {
    this.window = []
    this.recording = true
    this.byRoute = { same: [], cross: [] } // unused here; BenchClient expects it
    this.stretches = [] // histograms currently filled
  }

  add (ms) {
    if (!this.recording) return
    this.window.push(ms)
    for (const h of this.stretches) h.add(ms)
  }

  take () {
    const w = this.window
    this.window = []
    return w
  }
}

function linearSlope (xs, ys) {
  const n = xs.length
  if (n < 2) return null
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  for (let i = 0; i < n; i++) { num += (xs[i] - mx) * (ys[i] - my); den += (xs[i] - mx) ** 2 }
  return den ? num / den : null
}

export async function scenarioL (inst, cfg) {
  const N = cfg.clients
  const W = Math.min(cfg.writers, N)
  const [room] = await inst.rooms(1, 'long')
  const sink = new WindowSink()
  sink.recording = false
  const idle = inst.meter ? inst.meter.sample() : null
  const arrays = Array.from({ length: W }, (_, w) => `soak${w}`)
  const clients = Array.from({ length: N }, (_, i) =>
    new BenchClient(room, { presence: cfg.presence, name: `c${i}`, sink, index: i, arrays }))
  const keepPerWriter = Math.max(1, Math.floor(cfg.keep / W))
  const syncMs = await waitFor(() => clients.every(c => c.synced), 60000)
  await sleep(1500)

  const warmupS = cfg.warmupS ?? Math.min(300, cfg.durationS / 5)
  const stretchS = Math.max(cfg.sampleS, Math.min(300, (cfg.durationS - warmupS) / 3))
  const first = new Histogram()
  const last = new Histogram() // refilled: the stretch that ends with the run
  let lastStart = null
  const all = new Histogram()
  sink.stretches.push(all)

  const t0 = now()
  const endAt = t0 + cfg.durationS * 1000
  const windows = []
  let prev = { t: t0, cpu: inst.meter ? inst.meter.sample().cpuS : null, recv: 0 }
  const recvTotal = () => clients.reduce((s, c) => s + c.c.recv, 0)
  const recv0 = recvTotal()
  prev.recv = recv0
  sink.recording = true
  const interval = 1000 / cfg.rate
  let sent = 0
  let nextWindow = t0 + cfg.sampleS * 1000
  const firstFrom = t0 + warmupS * 1000
  const firstTo = firstFrom + stretchS * 1000
  const lastFrom = endAt - stretchS * 1000

  const closeWindow = () => {
    const t = now()
    const s = inst.meter ? inst.meter.sample() : null
    const recv = recvTotal()
    const delivered = recv - prev.recv
    const cpu = s && prev.cpu != null ? s.cpuS - prev.cpu : null
    windows.push({
      t_s: r1((t - t0) / 1000),
      rss_mb: s ? r1(s.rssKb / 1024) : null,
      per_process_rss_mb: s && s.per.length > 1 ? s.per.map(x => r1(x.rssKb / 1024)) : undefined,
      fds: openFds(inst),
      harness_rss_mb: r1(process.memoryUsage().rss / 1048576), // the load generator's own, all clients
      cpu_s: r3(cpu),
      cpu_s_per_1k_delivered: cpu != null && delivered ? Math.round(cpu / (delivered / 1000) * 1e5) / 1e5 : null,
      delivered,
      latency_ms: percentiles(sink.take())
    })
    prev = { t, cpu: s ? s.cpuS : null, recv }
  }

  while (now() < endAt) {
    while (sent * interval <= now() - t0 + 0.5 && now() < endAt) {
      const w = sent % W
      const c = clients[w]
      const arr = c.doc.getArray(arrays[w])
      c.doc.transact(() => {
        const excess = arr.length + 1 - keepPerWriter
        if (excess > 0) arr.delete(0, excess)
        arr.push([{ w, s: sent, t: now() }])
      })
      sent++
    }
    const t = now()
    if (t >= firstFrom && t < firstTo && !sink.stretches.includes(first)) sink.stretches.push(first)
    if (t >= firstTo) sink.stretches = sink.stretches.filter(h => h !== first)
    if (t >= lastFrom && lastStart == null) { lastStart = t; sink.stretches.push(last) }
    if (t >= nextWindow) {
      nextWindow += cfg.sampleS * 1000
      closeWindow()
    }
    await sleep(Math.max(1, Math.min(20, t0 + sent * interval - now())))
  }
  // a client loop stalled past the last stretch's start: it holds at least the drain
  if (lastStart == null) { lastStart = now(); sink.stretches.push(last) }
  // every item reached every other client? (their arrays are trimmed: count deliveries)
  const expected = sent * (N - 1)
  const drainMs = await waitFor(() => recvTotal() - recv0 >= expected, 30000, 50)
  sink.recording = false
  closeWindow()
  const delivered = recvTotal() - recv0
  const connects = clients.reduce((s, c) => s + c.c.connects, 0)
  const closes = sumCloses(clients)
  const presenceIncomplete = cfg.presence ? clients.filter(c => c.awareness.getStates().size < N).length : null
  for (const c of clients) c.destroy()

  // RSS growth after the warm-up: the first window past it against the last ones (median of
  // the last three, so one sample taken mid-collection does not decide), and the slope
  const after = windows.filter(w => w.t_s >= warmupS && w.rss_mb != null)
  const base = after.length ? after[0].rss_mb : null
  const tailW = after.slice(-3).map(w => w.rss_mb).sort((a, b) => a - b)
  const end = tailW.length ? tailW[Math.floor(tailW.length / 2)] : null
  const slope = linearSlope(after.map(w => w.t_s / 3600), after.map(w => w.rss_mb))
  const p99s = windows.map(w => w.latency_ms.p99).filter(x => x != null)
  const f = first.summary()
  const l = last.summary()
  return {
    duration_s: cfg.durationS,
    clients: N,
    writers: W,
    rate: cfg.rate,
    presence: cfg.presence,
    keep: cfg.keep,
    window_s: cfg.sampleS,
    warmup_s: warmupS,
    stretch_s: stretchS,
    sync_all_ms: r1(syncMs),
    sent,
    delivered,
    expected,
    drain_ms: r1(drainMs),
    reconnects: Math.max(0, connects - N),
    closes,
    presence_incomplete_clients: presenceIncomplete,
    latency_ms: all.summary(),
    latency_first_ms: f,
    latency_last_ms: l,
    p99_drift_ms: f.p99 != null && l.p99 != null ? r1(l.p99 - f.p99) : null,
    window_p99_ms: { min: p99s.length ? Math.min(...p99s) : null, max: p99s.length ? Math.max(...p99s) : null },
    rss_mb: {
      idle: idle ? r1(idle.rssKb / 1024) : null,
      after_warmup: base,
      end,
      peak: windows.length ? Math.max(...windows.map(w => w.rss_mb ?? 0)) : null,
      growth_after_warmup_pct: base && end != null ? r1((end - base) / base * 100) : null,
      slope_mb_per_hour: r1(slope)
    },
    fds: {
      after_warmup: after.length ? after[0].fds : null,
      end: windows.length ? windows[windows.length - 1].fds : null,
      peak: windows.length ? Math.max(...windows.map(w => w.fds ?? 0)) : null
    },
    cpu_s_per_1k_delivered: {
      first: after.length ? after[0].cpu_s_per_1k_delivered : null,
      last: windows.length > 1 ? windows[windows.length - 2].cpu_s_per_1k_delivered : null
    },
    windows,
    harness_rss_mb: {
      after_warmup: after.length ? after[0].harness_rss_mb : null,
      end: windows.length ? windows[windows.length - 1].harness_rss_mb : null
    },
    server: { peak_rss_mb: inst.meter ? r1(inst.meter.peakRssKb / 1024) : null }
  }
}
