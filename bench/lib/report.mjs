// Side-by-side text table of a result file.

const f = (x, d = 1) => (x == null ? '—' : typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toFixed(d)) : String(x))
const lat = l => (l && l.n ? `${f(l.p50)} / ${f(l.p95)} / ${f(l.p99)}` : '—')
const closes = c => {
  const e = Object.entries(c || {})
  return e.length ? e.map(([k, v]) => `${k}×${v}`).join(' ') : 'none'
}
const mm = s => (s && s.mean != null ? `${f(s.mean)} (max ${f(s.max)})` : '—')
// per-process figures of a multi-process target: "0.52 + 0.48"; '—' for one process
const perProc = (pp, key, d) => (pp && pp.length > 1 ? pp.map(x => f(x[key], d)).join(' + ') : '—')
const OPTIONAL = Symbol('optional') // row printed only when some target has a value

const ROWS = {
  A: [
    ['all synced after (ms)', r => `${f(r.sync_all_ms)} (${r.synced}/${r.clients})`],
    ['latency p50/p95/p99 ms', r => lat(r.latency_ms)],
    ['latency max ms', r => f(r.latency_ms?.max)],
    ['  writer on same process p50/p95/p99', r => lat(r.latency_same_process_ms), OPTIONAL],
    ['  writer on other process p50/p95/p99', r => lat(r.latency_cross_process_ms), OPTIONAL],
    ['delivered / expected', r => `${r.delivered} / ${r.expected}`],
    ['update msgs received / delivered', r => f(r.update_msgs_per_delivered, 3)],
    ['drain after last send ms', r => f(r.drain_ms)],
    ['divergent clients', r => f(r.divergent)],
    ['awareness msgs/client, join', r => mm(r.aw_msgs_join_per_client)],
    ['awareness msgs/client, writes', r => mm(r.aw_msgs_steady_per_client)],
    ['presence incomplete clients', r => f(r.presence_incomplete_clients) + (r.presence_incomplete_per_process ? ` (${r.presence_incomplete_per_process.join('+')})` : '')],
    ['own awareness echoed (clients)', r => `${r.own_state_echo_clients}/${r.clients}`],
    ['reconnects / closes', r => `${r.reconnects} / ${closes(r.closes)}`],
    ['clients / writers per process', r => (r.clients_per_process ? `${r.clients_per_process.join('+')} / ${r.writers_per_process.join('+')}` : '—'), OPTIONAL],
    ['server CPU-s', r => f(r.server?.cpu_s, 2)],
    ['  per process', r => perProc(r.server?.per_process, 'cpu_s', 2), OPTIONAL],
    ['server CPU-s per 1k delivered', r => f(r.server?.cpu_s_per_1k_delivered, 4)],
    ['PostgreSQL+Redis CPU-s', r => f(r.server?.services_cpu_s, 2), OPTIONAL],
    ['server+PG+Redis CPU-s per 1k', r => f(r.server?.with_services_cpu_s_per_1k_delivered, 4), OPTIONAL],
    ['server peak RSS MB', r => f(r.server?.peak_rss_mb)],
    ['  per process', r => perProc(r.server?.per_process, 'peak_rss_mb'), OPTIONAL],
    ['client CPU % / loop delay p99 ms', r => `${f(r.client?.cpu_pct)} / ${f(r.client?.event_loop_delay_p99_ms)}`]
  ],
  B: [
    ['board/room setup ms (untimed)', r => f(r.board_setup_ms)],
    ['all synced after (ms)', r => `${f(r.sync_all_ms)} (${r.synced}/${r.clients})`],
    ['per-client sync p50/p95/p99', r => lat(r.sync_ms)],
    ['latency p50/p95/p99 ms', r => lat(r.latency_ms)],
    ['delivered / expected', r => `${r.delivered} / ${r.expected}`],
    ['divergent clients', r => f(r.divergent)],
    ['missing at drain → after late wait (s)', r => (r.undelivered ? `${r.undelivered.at_drain} → ${r.undelivered.still_missing} (${r.undelivered.after_s} s)` : '—'), OPTIONAL],
    ['  still missing held by a fresh client', r => (r.undelivered?.fresh_client_checks ? `${r.undelivered.fresh_client_has} / ${r.undelivered.fresh_client_checks}` : '—'), OPTIONAL],
    ['reconnects / closes', r => `${r.reconnects} / ${closes(r.closes)}`],
    ['server CPU-s storm / writes', r => `${f(r.server?.storm_cpu_s, 2)} / ${f(r.server?.writes_cpu_s, 2)}`],
    ['  writes per process', r => perProc(r.server?.per_process, 'cpu_s', 2), OPTIONAL],
    ['server CPU-s per 1k delivered', r => f(r.server?.cpu_s_per_1k_delivered, 4)],
    ['PostgreSQL+Redis CPU-s storm / writes', r => (r.server?.writes_services_cpu_s == null ? '—' : `${f(r.server.storm_services_cpu_s, 2)} / ${f(r.server.writes_services_cpu_s, 2)}`), OPTIONAL],
    ['server RSS after storm MB', r => f(r.server?.rss_after_storm_mb)],
    ['server peak RSS MB', r => f(r.server?.peak_rss_mb)],
    ['  per process', r => perProc(r.server?.per_process, 'peak_rss_mb'), OPTIONAL],
    ['client CPU % storm / writes', r => `${f(r.client?.storm?.cpu_pct)} / ${f(r.client?.writes?.cpu_pct)}`]
  ],
  C: [
    ['prefill: time until server has all (ms)', r => `${f(r.prefill_ms)}${r.prefill_arrived ? '' : ' NOT ALL'}`],
    ['prefill: closes / reconnects', r => `${closes(r.prefill_closes)} / ${r.prefill_reconnects}`],
    ['state size (bytes)', r => f(r.state_bytes)],
    ['fresh client synced, median ms', r => f(r.fresh_sync_ms_median)],
    ['fresh client all content, median ms', r => f(r.fresh_complete_ms_median)],
    ['fresh runs ms (synced)', r => (r.fresh || []).map(x => f(x.sync_ms)).join(', ')],
    ['bytes received by fresh client', r => f(r.fresh?.[0]?.bytes_received)],
    ['fresh content equal', r => (r.fresh_all_equal ? 'yes' : 'NO')],
    ['cold (after restart) synced / all ms', r => (r.cold ? `${f(r.cold.sync_ms)} / ${f(r.cold.complete_ms)}${r.cold.equal ? '' : ' NOT EQUAL'}` : 'n/a')],
    ['server CPU-s prefill', r => f(r.prefill_server_cpu_s, 2)],
    ['server peak RSS MB', r => f(r.server?.peak_rss_mb)]
  ],
  D: [
    ['all synced after (ms)', r => `${f(r.sync_all_ms)} (${r.synced}/${r.clients})`],
    ['per-client sync p50/p95/p99', r => lat(r.sync_ms)],
    ['one write each → converged ms', r => f(r.write_converged_ms)],
    ['divergent clients', r => f(r.divergent)],
    ['presence incomplete clients', r => f(r.presence_incomplete_clients)],
    ['awareness msgs/client', r => mm(r.aw_msgs_per_client)],
    ['reconnects / closes', r => `${r.reconnects} / ${closes(r.closes)}`],
    ['server CPU-s', r => f(r.server?.cpu_s, 2)],
    ['server peak RSS MB', r => f(r.server?.peak_rss_mb)]
  ],
  S: [
    ['steady rooms × members, duration s', r => `${r.rooms} × ${r.per_room}, ${r.duration_s}`],
    ['updates sent: steady / cycled rooms', r => `${r.steady_sent} / ${r.cycled_sent} (${r.cycled_rooms} rooms)`],
    ['updates lost: live / after reload', r => `${r.steady_lost} / ${r.steady_lost_after_reload + r.cycled_lost_after_reload}`],
    ['clients, reconnects / closes', r => `${r.clients_created}, ${r.reconnects} / ${closes(r.closes)}`],
    ['RSS MB idle / start / peak', r => `${f(r.rss_mb?.idle)} / ${f(r.rss_mb?.start)} / ${f(r.rss_mb?.peak)}`],
    ['RSS MB end: loaded / all unloaded', r => `${f(r.rss_mb?.end_loaded)} / ${f(r.rss_mb?.end_unloaded)}`],
    ['open fds idle / start / peak', r => `${f(r.fds?.idle)} / ${f(r.fds?.start)} / ${f(r.fds?.peak)}`],
    ['open fds end: loaded / all unloaded', r => `${f(r.fds?.end_loaded)} / ${f(r.fds?.end_unloaded)}`],
    ['harness errors', r => (r.errors?.length ? r.errors.join('; ').slice(0, 120) : 'none')]
  ],
  L: [
    ['clients / writers / updates/s, presence', r => `${r.clients} / ${r.writers} / ${r.rate}, ${r.presence ? 'on' : 'off'}`],
    ['duration / warm-up / stretch s', r => `${r.duration_s} / ${f(r.warmup_s)} / ${f(r.stretch_s)}`],
    ['delivered / expected', r => `${r.delivered} / ${r.expected}`],
    ['reconnects / closes', r => `${r.reconnects} / ${closes(r.closes)}`],
    ['presence incomplete clients', r => f(r.presence_incomplete_clients)],
    ['latency p50/p95/p99 ms (whole run)', r => `${f(r.latency_ms?.p50)} / ${f(r.latency_ms?.p95)} / ${f(r.latency_ms?.p99)}`],
    ['p99 ms first / last stretch (drift)', r => `${f(r.latency_first_ms?.p99)} / ${f(r.latency_last_ms?.p99)} (${f(r.p99_drift_ms)})`],
    ['p99 ms per window: min / max', r => `${f(r.window_p99_ms?.min)} / ${f(r.window_p99_ms?.max)}`],
    ['RSS MB idle / after warm-up / end / peak', r => `${f(r.rss_mb?.idle)} / ${f(r.rss_mb?.after_warmup)} / ${f(r.rss_mb?.end)} / ${f(r.rss_mb?.peak)}`],
    ['RSS growth after warm-up %, slope MB/h', r => `${f(r.rss_mb?.growth_after_warmup_pct)}, ${f(r.rss_mb?.slope_mb_per_hour)}`],
    ['open fds after warm-up / end / peak', r => `${f(r.fds?.after_warmup)} / ${f(r.fds?.end)} / ${f(r.fds?.peak)}`],
    ['load generator RSS MB after warm-up / end', r => `${f(r.harness_rss_mb?.after_warmup)} / ${f(r.harness_rss_mb?.end)}`],
    ['server CPU-s per 1k delivered first / last', r => `${f(r.cpu_s_per_1k_delivered?.first, 4)} / ${f(r.cpu_s_per_1k_delivered?.last, 4)}`]
  ]
}

export function printTable (result) {
  const names = Object.keys(result.targets)
  const lines = []
  const m = result.machine
  lines.push(`Obeya bench ${result.started_at}  ${m.cpus} cores, node ${m.node}, yjs ${m.packages?.yjs}, y-websocket ${m.packages?.['y-websocket']}, ` +
    `load avg ${m.loadavg_start?.join(' ')} → ${m.loadavg_end?.join(' ')}`)
  lines.push(`Pinning: ${m.pinning || (m.pinned ? 'server → core 1, clients → core 0' : 'none')}`)
  for (const n of names) {
    const t = result.targets[n]
    if (t.processes > 1 || t.services?.length) lines.push(`  ${n}: ${t.note || ''}`)
  }
  lines.push('Indicative only: shared 2-core machine, clients and server on the same host.')
  const w0 = 40
  const w = Math.max(25, ...names.map(n => n.length + 2))
  for (const cs of result.cases) {
    lines.push('')
    lines.push(cs.id.padEnd(w0) + names.map(n => n.padStart(w)).join(''))
    const rows = ROWS[cs.scenario]
    const errs = names.filter(n => cs.results[n]?.error)
    for (const [label, fn, optional] of rows) {
      const cells = names.map(n => {
        const r = cs.results[n]
        if (!r || r.error) return '—'
        try { return fn(r) } catch { return '?' }
      })
      if (optional === OPTIONAL && cells.every(c => c === '—')) continue
      lines.push('  ' + label.padEnd(w0 - 2) + cells.map(c => ('  ' + c).padStart(w)).join(''))
    }
    for (const n of errs) lines.push(`  ${n}: ${cs.results[n].error.split('\n')[0]}`)
    for (const n of names) {
      const r = cs.results[n]
      if (r?.server_died) lines.push(`  ${n}: SERVER PROCESS DIED during the run`)
      if (r?.server_log_errors?.length) lines.push(`  ${n}: server log has ${r.server_log_errors.length} error line(s), e.g. ${r.server_log_errors[0].slice(0, 160)}`)
    }
  }
  lines.push(...summaryA(result, names))
  return lines.join('\n') + '\n'
}

/** One line per scenario-A case: latency p99 and server CPU-s per 1k delivered, per target. */
function summaryA (result, names) {
  const cases = result.cases.filter(c => c.scenario === 'A')
  if (!cases.length || names.length < 2) return []
  const w0 = 26
  const w = Math.max(30, ...names.map(n => n.length + 2))
  const out = ['', 'Summary A: latency p99 ms | server CPU-s per 1k delivered (with PostgreSQL+Redis) | delivered ok']
  out.push(''.padEnd(w0) + names.map(n => n.padStart(w)).join(''))
  for (const cs of cases) {
    const cells = names.map(n => {
      const r = cs.results[n]
      if (!r || r.error) return 'error'
      const svc = r.server?.with_services_cpu_s_per_1k_delivered
      const ok = r.delivered === r.expected && !r.divergent ? 'ok' : `BAD ${r.delivered}/${r.expected} div ${r.divergent}`
      return `${f(r.latency_ms?.p99)} | ${f(r.server?.cpu_s_per_1k_delivered, 4)}${svc != null ? ` (${f(svc, 4)})` : ''} | ${ok}`
    })
    out.push(cs.id.padEnd(w0) + cells.map(c => ('  ' + c).padStart(w)).join(''))
  }
  return out
}
