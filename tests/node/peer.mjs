// A stock yjs + y-websocket peer, driven by tests/server/test_node_interop.py.
// Usage: node peer.mjs <ws base url> <board id> <token> <script JSON>
// The script is a list of steps; results go to stdout as one JSON line per step.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [base, boardId, token, scriptJson] = process.argv.slice(2)
const script = JSON.parse(scriptJson)
const doc = new Y.Doc()
const provider = new WebsocketProvider(`${base}/ws/${boardId}`, 'content', doc, {
  WebSocketPolyfill: WebSocket, disableBc: true, params: { token }
})
const closes = []
provider.on('connection-close', (event) => { if (event) closes.push(event.code) })
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const until = async (pred, ms = 5000) => {
  const end = Date.now() + ms
  while (!pred()) { if (Date.now() > end) return false; await sleep(10) }
  return true
}

for (const step of script) {
  if (step.op === 'synced') out({ op: 'synced', ok: await until(() => provider.synced) })
  if (step.op === 'insert') { doc.getText('text').insert(0, step.text); out({ op: 'insert' }) }
  if (step.op === 'presence') { provider.awareness.setLocalStateField('user', step.user); out({ op: 'presence' }) }
  if (step.op === 'waitText') out({ op: 'waitText', ok: await until(() => doc.getText('text').toString().includes(step.text), step.ms ?? 5000) })
  if (step.op === 'waitPeers') {
    const ok = await until(() => [...provider.awareness.getStates().values()].filter((s) => s.user).length >= step.count, step.ms ?? 5000)
    out({ op: 'waitPeers', ok, names: [...provider.awareness.getStates().values()].map((s) => s.user?.name).filter(Boolean).sort() })
  }
  if (step.op === 'idle') {
    // The stock client reconnects when it hears nothing for 30 s: count reconnects while idle.
    let reconnects = 0
    provider.on('status', (event) => { if (event.status === 'connecting') reconnects++ })
    await sleep(step.ms)
    out({ op: 'idle', reconnects, connected: provider.wsconnected, closes })
  }
  if (step.op === 'stall') {
    // A slow reader: the socket is not read for a while, as on a phone on a bad network.
    const ws = provider.ws
    ws.pause()
    await sleep(step.ms)
    ws.resume()
    out({ op: 'stall' })
  }
  if (step.op === 'closes') out({ op: 'closes', closes, connected: provider.wsconnected })
  if (step.op === 'debug') out({ op: 'debug', states: [...provider.awareness.getStates().entries()], meta: [...provider.awareness.meta.entries()], id: doc.clientID })
  if (step.op === 'text') out({ op: 'text', text: doc.getText('text').toString() })
}
provider.destroy()
process.exit(0)
