// The sandbox page: act as one of the sample staff in #crisis-room. Everything shown comes
// from GET /api/state (what the fake Slack holds); everything done is a POST the server turns
// into the signed request Slack would send the bot.

import { renderBlocks, viewValues } from "./blocks.js";
import { emojiName, escapeHtml, mrkdwn, plain } from "./mrkdwn.js";

const POLL_MS = 700;
// The reactions offered in the picker (any Slack emoji name works in the API).
const REACTIONS = ["eyes", "white_check_mark", "+1", "warning", "rotating_light", "pray"];
const $ = (selector) => document.querySelector(selector);
const page = {
  user: null, tab: "channel", thread: null, version: null, state: null, shown: {},
  typed: {},  // what each person typed in each view of their modal stack, by "user view-id"
};

function names() {
  const out = { UCRISISBOT: "crisisbot" };
  for (const u of page.state ? page.state.users : []) out[u.id] = u.real_name;
  return out;
}

function status(text, isError = false) {
  const node = $("#status");
  node.textContent = text;
  node.classList.toggle("error", isError);
}

async function post(path, body) {
  const answer = await fetch(`/api/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: page.user, ...body }),
  });
  const reply = await answer.json();
  if (!answer.ok) status(reply.error || `failed (${answer.status})`, true);
  else status(reply.problem || "", !!reply.problem);  // Slack's warning: the app did not answer
  await refresh();
  return reply;
}

function ctxFor(where) {
  return {
    names: names(),
    users: page.state.users,
    channel: page.state.channel,
    errors: where.kind === "view" ? page.state.modal_errors : {},
    onAction: (block, element, value) => {
      const place = { ...where };
      if (where.kind === "view") place.state = viewValues($("#modal-body"));
      post("action", { where: place, block_id: block.block_id, action_id: element.action_id, value });
    },
  };
}

function time(ts) {
  const d = new Date(parseFloat(ts) * 1000);
  return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function messageNode(message, { ephemeral = false, inThread = false, direct = false } = {}) {
  const node = document.createElement("div");
  node.className = `message${ephemeral ? " ephemeral" : ""}`;
  node.dataset.ts = message.ts;
  const who = ephemeral || message.is_bot ? "crisisbot" : names()[message.user] || message.user;
  const badge = ephemeral || message.is_bot ? '<span class="badge">APP</span>' : "";
  const note = ephemeral ? '<span class="only-you">Only visible to you</span>' : "";
  const edited = message.edited ? '<span class="edited">(edited)</span>' : "";
  const head = document.createElement("div");
  head.className = "message-head";
  head.innerHTML = `<b>${escapeHtml(who)}</b>${badge}<span class="time">${time(message.ts)}</span>${edited}${note}`;
  node.append(head);
  const where = ephemeral ? { kind: "ephemeral", ts: message.ts } : { kind: "message", ts: message.ts };
  if (message.blocks && message.blocks.length) {
    node.append(renderBlocks(message.blocks, ctxFor(where)));
  } else {
    const body = document.createElement("div");
    body.className = "message-text";
    body.innerHTML = mrkdwn(message.text, names());
    node.append(body);
  }
  for (const file of message.files || []) node.append(fileNode(file));
  if (!ephemeral && !direct) node.append(reactionsNode(message));  // reactions: the channel's
  if (!inThread && message.reply_count) {
    const link = document.createElement("button");
    link.type = "button";
    link.className = "replies";
    link.textContent = `${message.reply_count} ${message.reply_count === 1 ? "reply" : "replies"}`;
    link.addEventListener("click", () => openThread(message.ts));
    node.append(link);
    node.classList.add("has-thread");
    node.addEventListener("click", (event) => {
      if (!event.target.closest("button, select, input, textarea, a, label")) openThread(message.ts);
    });
  }
  return node;
}

// A shared file, opened from the page as from Slack (the server hands out its bytes; one sent
// to a person directly only to them).
function fileNode(file) {
  const link = document.createElement("a");
  link.className = "file";
  link.href = `/files/${encodeURIComponent(file.id)}/${encodeURIComponent(file.name)}`
    + `?user=${encodeURIComponent(page.user)}`;
  link.target = "_blank";
  link.rel = "noopener";
  const size = file.size >= 1024 ? `${Math.round(file.size / 1024)} KB` : `${file.size} B`;
  link.innerHTML = `📄 <b>${escapeHtml(file.title || file.name)}</b>` +
    `<span class="muted">${escapeHtml(file.pretty_type || "File")} · ${size}</span>`;
  return link;
}

// Reactions under a message: a chip per emoji (click to add or take back yours) and a picker.
function reactionsNode(message) {
  const row = document.createElement("div");
  row.className = "reactions";
  for (const r of message.reactions || []) {
    const chip = document.createElement("button");
    chip.type = "button";
    chip.className = `reaction${r.users.includes(page.user) ? " mine" : ""}`;
    chip.dataset.name = r.name;
    chip.title = r.users.map((u) => names()[u] || u).join(", ") + ` reacted with :${r.name}:`;
    chip.innerHTML = `${escapeHtml(emojiName(r.name))} <span class="count">${r.count}</span>`;
    chip.addEventListener("click", () => post("react", { ts: message.ts, name: r.name }));
    row.append(chip);
  }
  const add = document.createElement("select");
  add.className = "add-reaction";
  add.setAttribute("aria-label", "Add reaction");
  add.append(new Option("☺+", "", true, true));
  for (const name of REACTIONS) add.append(new Option(`${emojiName(name)} :${name}:`, name));
  add.addEventListener("change", () => {
    const name = add.value;
    add.value = "";
    if (name) post("react", { ts: message.ts, name });
  });
  row.append(add);
  return row;
}

function fill(container, items) {
  // Follow the conversation as Slack does: at the bottom, or when something new arrives.
  const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
  const grew = items.length > container.children.length;
  container.replaceChildren(...items);
  if (atBottom || grew) container.scrollTop = container.scrollHeight;
}

function byTs(a, b) {
  return parseFloat(a.item.ts) - parseFloat(b.item.ts);
}

// Re-render a part only when what it shows changed, so a half-made choice is not wiped.
function changed(part, value) {
  const key = JSON.stringify(value);
  if (page.shown[part] === key) return false;
  page.shown[part] = key;
  return true;
}

function renderChannel() {
  const s = page.state;
  const ephemerals = s.ephemerals.filter((e) => !e.thread_ts);
  if (!changed("channel", [s.messages, ephemerals, s.users])) return;
  const items = [
    ...s.messages.map((m) => ({ item: m, ephemeral: false })),
    ...ephemerals.map((e) => ({ item: e, ephemeral: true })),
  ].sort(byTs);
  if (!items.length) {
    // A first visit: say what to do rather than show an empty channel.
    const hint = Object.assign(document.createElement("div"), { className: "empty start-hint" });
    hint.innerHTML = "<p><b>No incident yet.</b> Type <code>/crisis start</code> below to open the "
      + "start form, or <code>/crisis start phi-leak Staff post shows a chart</code> to start one "
      + "directly. <code>/crisis help</code> lists the rest.</p>"
      + "<p>Act as any of the sample staff with the picker at the top: each one's job is shown, "
      + "so you know which role they hold.</p>";
    fill($("#messages"), [hint]);
    return;
  }
  fill($("#messages"), items.map((i) => messageNode(i.item, { ephemeral: i.ephemeral })));
}

function renderThread() {
  const s = page.state;
  $("#thread-pane").hidden = !page.thread || page.tab !== "channel";  // a thread is the channel's
  if (!page.thread) return;
  const ephemerals = s.ephemerals.filter((e) => e.thread_ts === page.thread);
  if (!changed("thread", [page.thread, s.thread, ephemerals, s.users])) return;
  const items = [
    ...s.thread.map((m) => ({ item: m, ephemeral: false })),
    ...ephemerals.map((e) => ({ item: e, ephemeral: true })),
  ].sort(byTs);
  fill($("#thread"), items.map((i) => messageNode(i.item, { ephemeral: i.ephemeral, inThread: true })));
}

function renderModal() {
  const view = page.state.modal;
  $("#modal").hidden = !view;
  if (!view) {
    page.shown.modal = null;
    for (const key of Object.keys(page.typed)) {
      if (key.startsWith(`${page.user} `)) delete page.typed[key];  // their forms are closed
    }
    return;
  }
  const errors = page.state.modal_errors || {};
  const previous = page.shown.modal;  // the form on screen, before changed() moves on
  if (changed("modal", [view.id, view.hash, page.state.users])) {
    // As Slack does: on views.update what was typed stays in inputs whose block_id and
    // action_id the new view keeps; a view pushed on top keeps the one under it as it was.
    keepModal(previous);
    const typed = page.typed[`${page.user} ${view.id}`] || {};
    $("#modal-title").innerHTML = plain(view.title);
    $("#modal-body").replaceChildren(renderBlocks(view.blocks, ctxFor({ kind: "view", view_id: view.id })));
    keepTyped($("#modal-body"), view.blocks, typed);
    page.shownFor = page.user;
    $("#modal-submit").hidden = !view.submit;
    $("#modal-submit").innerHTML = plain(view.submit) || "Submit";
    $("#modal-close").innerHTML = plain(view.close) || "Cancel";
    page.shown.modalErrors = null;
  }
  if (changed("modalErrors", errors)) showErrors(errors);
}

// Remember what is typed in the form on screen, for the person acting, before it changes.
function keepModal(shownKey = page.shown.modal) {
  const shown = shownKey ? JSON.parse(shownKey) : null;
  if (shown && page.shownFor) page.typed[`${page.shownFor} ${shown[0]}`] = viewValues($("#modal-body"));
}

function keepTyped(body, blocks, typed) {
  const inputs = new Set(blocks.filter((b) => b.type === "input").map((b) => b.block_id));
  for (const node of body.querySelectorAll(".bk-el")) {
    const value = (typed[node.dataset.block] || {})[node.dataset.action];
    if (value !== undefined && inputs.has(node.dataset.block) && node.writeValue) node.writeValue(value);
  }
}

// Errors beside their fields, without rebuilding the form, so what was typed stays.
function showErrors(errors) {
  const body = $("#modal-body");
  for (const node of body.querySelectorAll(".bk-error")) node.remove();
  for (const [blockId, message] of Object.entries(errors)) {
    const field = body.querySelector(`[data-block-id="${CSS.escape(blockId)}"]`);
    const note = document.createElement("div");
    note.className = "bk-error";
    note.textContent = message;
    (field || body).append(note);
  }
}

function submitModal() {
  const view = page.state.modal;
  const values = viewValues($("#modal-body"));
  // As Slack's client does: a required input left empty never reaches the app.
  const missing = view.blocks.filter((b) => b.type === "input" && !b.optional && !values[b.block_id]);
  if (missing.length) {
    showErrors(Object.fromEntries(missing.map((b) => [b.block_id, "Please complete this required field."])));
    return;
  }
  post("submit", { view_id: view.id, values });
}

function renderHome() {
  const home = page.state.home;
  if (!changed("home", [home, page.state.users])) return;
  const where = { kind: "home", view_id: home ? home.id : "" };
  $("#home").replaceChildren(home
    ? renderBlocks(home.blocks, ctxFor(where))
    : Object.assign(document.createElement("p"), { className: "empty", textContent: "Nothing here yet." }));
}

// What crisisbot sent the person directly (a confidential incident's report goes there).
function renderDirect() {
  const direct = page.state.direct || [];
  if (!changed("direct", [direct, page.state.users, page.user])) return;
  $("#direct").replaceChildren(...(direct.length
    ? direct.map((m) => messageNode(m, { inThread: true, direct: true }))
    : [Object.assign(document.createElement("p"), {
      className: "empty", textContent: "No direct messages from crisisbot yet.",
    })]));
}

function renderPeople() {
  const picker = $("#who");
  if (!changed("people", page.state.users)) return;
  picker.replaceChildren(...page.state.users.map((u) => new Option(u.title ? `${u.real_name} (${u.title})` : u.real_name, u.id, false, u.id === page.user)));
}

function render() {
  renderPeople();
  $("#channel-pane").hidden = page.tab !== "channel";
  $("#home-pane").hidden = page.tab !== "home";
  $("#direct-pane").hidden = page.tab !== "direct";
  $("#tab-channel").classList.toggle("active", page.tab === "channel");
  $("#tab-home").classList.toggle("active", page.tab === "home");
  $("#tab-direct").classList.toggle("active", page.tab === "direct");
  renderChannel();
  renderThread();
  renderModal();
  renderHome();
  renderDirect();
}

async function refresh() {
  const query = new URLSearchParams({ user: page.user });
  if (page.thread) query.set("thread", page.thread);
  const answer = await fetch(`/api/state?${query}`);
  if (!answer.ok) {
    status(`the sandbox did not answer (${answer.status})`, true);
    return;
  }
  const state = await answer.json();
  showClock(state.clock);
  if (state.version === page.version && state.user === page.user) return;
  page.version = state.version;
  page.state = state;
  render();
}

function showClock(clock) {
  // The sandbox's own time, which the speed control runs faster than the wall clock.
  if (!clock) return;
  const speed = $("#speed");
  if (document.activeElement !== speed) speed.value = String(Math.round(clock.speed));
  const now = new Date(clock.now);
  $("#clock-now").textContent = clock.speed > 1
    ? now.toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" })
    : "";
}

async function poll() {
  try {
    await refresh();
  } catch (err) {
    status("the sandbox is not running (start it with: crisisbot run)", true);
  }
  setTimeout(poll, POLL_MS);
}

function openThread(ts) {
  page.thread = ts;
  page.version = null;
  refresh();
}

function composer(form, threadTs) {
  const box = form.querySelector("textarea");
  const send = async () => {
    const text = box.value.trim();
    if (!text) return;
    box.value = "";
    if (text.startsWith("/")) await post("command", { text });
    else await post("message", { text, thread_ts: threadTs() });
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); send(); });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); send(); }
  });
}

async function start() {
  const first = await (await fetch("/api/state?user=U0ALEX")).json();
  const saved = localStorage.getItem("crisisbot-sandbox-user");
  const known = new Set(first.users.map((u) => u.id));
  page.user = known.has(saved) ? saved : first.users.find((u) => u.id === "U0ALEX") ? "U0ALEX" : first.users[0].id;
  $("#who").addEventListener("change", (event) => {
    keepModal();  // the form of the person we leave, as they typed it
    page.user = event.target.value;
    localStorage.setItem("crisisbot-sandbox-user", page.user);
    page.version = null;
    page.shown = {};
    if (page.tab === "home") post("home", {});
    refresh();
  });
  $("#speed").addEventListener("change", (event) => post("speed", { speed: Number(event.target.value) }));
  $("#tab-channel").addEventListener("click", () => { page.tab = "channel"; render(); });
  $("#tab-home").addEventListener("click", () => { page.tab = "home"; render(); post("home", {}); });
  $("#tab-direct").addEventListener("click", () => { page.tab = "direct"; render(); });
  $("#thread-close").addEventListener("click", () => { page.thread = null; page.version = null; refresh(); });
  $("#modal-close").addEventListener("click", () => post("close", { view_id: page.state.modal.id }));
  $("#modal-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submitModal();
  });
  composer($("#composer"), () => null);
  composer($("#thread-composer"), () => page.thread);
  poll();
}

start();
