// Entry point: i18n, board views, routing. Everything renders into <div id="app">.
import { render } from "preact";
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/components.css";
import "./styles/main.css";
import "./styles/actions.css";
import "./boards";
import { initI18n, useLanguage } from "./i18n";
import { onLinkClick, useRoute, type Route } from "./router";
import { useWorkshop, WorkshopProvider } from "./boards/workshop/context";
import { WorkshopFrame } from "./boards/workshop/Frame";
import { StartPage } from "./pages/Start";
import { JoinPage } from "./pages/Join";
import { HomePage } from "./pages/Home";
import { BoardPage } from "./pages/Board";
import { PilotPage } from "./pages/Pilot";
import { ActionsPage } from "./pages/Actions";
import { Gate, NotFoundPage } from "./pages/Gate";
import { Toasts } from "./ui/toast";
import { registerPilotWorker } from "./pages/pilotOffline";
import { watchLengths } from "./ui/length-watch";

function Routes() {
  const route = useRoute();
  useLanguage(); // re-render everything when the language changes
  switch (route.name) {
    case "start":
      return <StartPage />;
    case "join":
      return <JoinPage key={route.workshopId} workshopId={route.workshopId} />;
    case "pilot":
      // The pilot link (/p/{id}#<invite token>) joins first, like /w/{id}/join does.
      if (location.hash.length > 1) return <JoinPage key={route.workshopId} workshopId={route.workshopId} pilot />;
      return renderWorkshop(route);
    case "home":
    case "board":
    case "actions":
      return renderWorkshop(route);
    default:
      return <NotFoundPage />;
  }
}

/** A pilot participant's home is the pilot page: the workshop overview is the team's. */
function WorkshopHome() {
  return useWorkshop().role === "pilot" ? <PilotPage /> : <HomePage />;
}

/** The actions are the team's: a pilot participant never opens the workshop board. */
function WorkshopActions() {
  return useWorkshop().role === "pilot" ? <PilotPage /> : <ActionsPage />;
}

function renderWorkshop(route: Extract<Route, { workshopId: string }>) {
  const boardId = route.name === "board" ? route.boardId : null;
  return (
    // Keyed by workshop only: moving between home and boards keeps the workshop connection.
    <WorkshopProvider
      key={route.workshopId}
      id={route.workshopId}
      fallback={(load, retry) => <Gate load={load} workshopId={route.workshopId} retry={retry} />}
    >
      <WorkshopFrame boardId={boardId} page={route.name}>
        {route.name === "home" && <WorkshopHome />}
        {route.name === "board" && <BoardPage key={route.boardId} boardId={route.boardId} />}
        {route.name === "pilot" && <PilotPage />}
        {route.name === "actions" && <WorkshopActions />}
      </WorkshopFrame>
    </WorkshopProvider>
  );
}

function App() {
  return (
    <>
      <Routes />
      <Toasts />
    </>
  );
}

initI18n();
document.addEventListener("click", onLinkClick);
watchLengths();
const root = document.getElementById("app")!;
root.textContent = "";
render(<App />, root);
registerPilotWorker();
