// Every board view the client knows. Other kinds plug in here, one line each.
import { registerBoardView, registerPlaceholder } from "./registry";
import { notesView } from "./notes";
import { ideasView } from "./ideas";
import { pilotView } from "./pilot";
import { placeholderView } from "./placeholder";
import { fishboneView } from "./fishbone";
import { raciView } from "./raci";
import { vsmView } from "./vsm";

registerPlaceholder(placeholderView);
registerBoardView(notesView);
registerBoardView(fishboneView);
registerBoardView(raciView);
registerBoardView(vsmView);
registerBoardView(ideasView);
registerBoardView(pilotView);
