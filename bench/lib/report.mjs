// Side-by-side text table of a result file.

const f = (x, d = 1) => (x == null ? '—' : typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toFixed(d)) : String(x))
const lat = l => (l && l.n ? `${f(l.p50)} / ${f(l.p95)} / ${f(l.p99)}` : '—')
const closes = c => {
  const e = Object.entries(c || {})
  return e.length ? e.map(([k, v]) => `${k}×${v}`).join(' ') : 'none'
}
const mm = s => (s && s.mean != null ? `${f(s.mean)} (max ${f(s.max)})` : '—')

const ROWS = {
  A: [
    ['all synced after (ms)', r => `${f(r.sync_all_ms)} (${r.synced}/${r.clients})`],
    ['latency p50/p95/p99 ms', r => lat(r.latency_ms)],
    ['latency max ms', r => f(r.latency_ms?.max)],
    ['delivered / expected', r => `${r.delivered} / ${r.expected}`],
    ['drain after last send ms', r => f(r.drain_ms)],
    ['divergent clients', r => f(r.divergent)],
    ['awareness msgs/client, join', r => mm(r.aw_msgs_join_per_client)],
    ['awareness msgs/client, writes', r => mm(r.aw_msgs_steady_per_client)],
    ['presence incomplete clients', r => f(r.presence_incomplete_clients)],
    ['own awareness echoed (clients)', r => `${r.own_state_echo_clients}/${r.clients}`],
    ['reconnects / closes', r => `${r.reconnects} / ${closes(r.closes)}`],
    ['server CPU-s', r => f(r.server?.cpu_s, 2)],
    ['server CPU-s per 1k delivered', r => f(r.server?.cpu_s_per_1k_delivered, 4)],
    ['server peak RSS MB', r => f(r.server?.peak_rss_mb)],
    ['client CPU % / loop delay p99 ms', r => `${f(r.client?.cpu_pct)} / ${f(r.client?.event_loop_delay_p99_ms)}`]
  ],
  B: [
    ['board/room setup ms (untimed)', r => f(r.board_setup_ms)],
    ['all synced after (ms)', r => `${f(r.sync_all_ms)} (${r.synced}/${r.clients})`],
    ['per-client sync p50/p95/p99', r => lat(r.sync_ms)],
    ['latency p50/p95/p99 ms', r => lat(r.latency_ms)],
    ['delivered / expected', r => `${r.delivered} / ${r.expected}`],
    ['divergent clients', r => f(r.divergent)],
    ['reconnects / closes', r => `${r.reconnects} / ${closes(r.closes)}`],
    ['server CPU-s storm / writes', r => `${f(r.server?.storm_cpu_s, 2)} / ${f(r.server?.writes_cpu_s, 2)}`],
    ['server CPU-s per 1k delivered', r => f(r.server?.cpu_s_per_1k_delivered, 4)],
    ['server RSS after storm MB', r => f(r.server?.rss_after_storm_mb)],
    ['server peak RSS MB', r => f(r.server?.peak_rss_mb)],
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
  ]
}

export function printTable (result) {
  const names = Object.keys(result.targets)
  const lines = []
  const m = result.machine
  lines.push(`Obeya bench ${result.started_at}  ${m.cpus} cores, node ${m.node}, yjs ${m.packages?.yjs}, y-websocket ${m.packages?.['y-websocket']}, ` +
    `pinned ${m.pinned ? 'server→core 1, clients→core 0' : 'no'}, load avg ${m.loadavg_start?.join(' ')} → ${m.loadavg_end?.join(' ')}`)
  lines.push('Indicative only: shared 2-core machine, clients and server on the same host.')
  const w0 = 40
  const w = Math.max(25, ...names.map(n => n.length + 2))
  for (const cs of result.cases) {
    lines.push('')
    lines.push(cs.id.padEnd(w0) + names.map(n => n.padStart(w)).join(''))
    const rows = ROWS[cs.scenario]
    const errs = names.filter(n => cs.results[n]?.error)
    for (const [label, fn] of rows) {
      const cells = names.map(n => {
        const r = cs.results[n]
        if (!r || r.error) return '—'
        try { return fn(r) } catch { return '?' }
      })
      lines.push('  ' + label.padEnd(w0 - 2) + cells.map(c => ('  ' + c).padStart(w)).join(''))
    }
    for (const n of errs) lines.push(`  ${n}: ${cs.results[n].error.split('\n')[0]}`)
    for (const n of names) {
      const r = cs.results[n]
      if (r?.server_died) lines.push(`  ${n}: SERVER PROCESS DIED during the run`)
      if (r?.server_log_errors?.length) lines.push(`  ${n}: server log has ${r.server_log_errors.length} error line(s), e.g. ${r.server_log_errors[0].slice(0, 160)}`)
    }
  }
  return lines.join('\n') + '\n'
}
