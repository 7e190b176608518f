// Every board view the client knows. Other kinds plug in here, one entry each. A view's code is
// its own chunk, loaded when a board of that kind opens; its CSS stays in main.css (esbuild
// does not inject the CSS of a lazy chunk).
import { registerBoardView, registerPlaceholder } from "./registry";
import { placeholderView } from "./placeholder";
import "./fishbone/fishbone.css";
import "./ideas/ideas.css";
import "./pilot/pilot.css";
import "./raci/raci.css";
import "./rollout/rollout.css";
import "./vsm/vsm.css";

registerPlaceholder(placeholderView);
registerBoardView({ kind: "notes", icon: "note", load: () => import("./notes").then((m) => m.notesView) });
registerBoardView({ kind: "fishbone", icon: "fishbone", load: () => import("./fishbone").then((m) => m.fishboneView) });
registerBoardView({ kind: "raci", icon: "grid", load: () => import("./raci").then((m) => m.raciView) });
registerBoardView({ kind: "vsm", icon: "flow", load: () => import("./vsm").then((m) => m.vsmView) });
registerBoardView({ kind: "ideas", icon: "bulb", load: () => import("./ideas").then((m) => m.ideasView) });
registerBoardView({ kind: "pilot", icon: "chart", participant: true, load: () => import("./pilot").then((m) => m.pilotView) });
registerBoardView({ kind: "rollout", icon: "rollout", participant: true, load: () => import("./rollout").then((m) => m.rolloutView) });
