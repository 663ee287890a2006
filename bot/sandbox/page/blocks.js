// Block Kit as HTML controls. Anything unknown is shown as a placeholder naming its type.
// ctx: {names, users, onAction(block, element, value), errors: {block_id: message}}

import { escapeHtml, mrkdwn, plain, textObject } from "./mrkdwn.js";

function el(tag, className, html) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
}

function placeholder(kind, what) {
  return el("div", "bk-unknown", `[${escapeHtml(what)} not shown here: ${escapeHtml(kind)}]`);
}

function optionsOf(element) {
  const groups = element.option_groups || [];
  return [...(element.options || []), ...groups.flatMap((g) => g.options || [])];
}

function optionText(option) {
  return (option.text && option.text.text) || option.value;
}

// Registers a control whose value is read when a form is submitted or a view action is sent.
// `write` puts a value read earlier back (a form kept across views.update).
function control(node, block, element, read, write) {
  node.classList.add("bk-el");
  node.dataset.block = block.block_id || "";
  node.dataset.action = element.action_id || "";
  node.dataset.kind = element.type;
  node.readValue = read;
  node.writeValue = write;
  return node;
}

function confirmed(element) {
  const c = element.confirm;
  if (!c) return true;
  const title = c.title ? c.title.text : "Are you sure?";
  const body = c.text ? c.text.text : "";
  return window.confirm(`${title}\n\n${body}`.trim());
}

function button(block, element, ctx) {
  const node = el("button", `bk-button ${element.style || "default"}`, plain(element.text));
  node.type = "button";
  node.dataset.action = element.action_id || "";
  node.dataset.kind = "button";
  if (element.value !== undefined) node.dataset.value = element.value;
  if (element.url) node.title = element.url;
  node.addEventListener("click", () => {
    if (confirmed(element)) ctx.onAction(block, element, element.value ?? null);
  });
  return node;
}

function select(block, element, ctx, live) {
  const multi = element.type.startsWith("multi_");
  const node = el("select", "bk-select");
  node.multiple = multi;
  let choices;
  const kind = element.type.replace(/^multi_/, "");
  if (kind === "users_select") {
    choices = ctx.users.map((u) => ({ value: u.id, label: u.real_name }));
  } else if (kind === "conversations_select" || kind === "channels_select") {
    choices = [{ value: ctx.channel.id, label: `#${ctx.channel.name}` }];
  } else {
    choices = optionsOf(element).map((o) => ({ value: o.value, label: optionText(o) }));
  }
  const initial = new Set(
    [element.initial_user, element.initial_conversation, element.initial_channel,
      element.initial_option && element.initial_option.value,
      ...(element.initial_users || []), ...(element.initial_options || []).map((o) => o.value)]
      .filter(Boolean));
  if (!multi) {
    const label = element.placeholder ? element.placeholder.text : "Choose…";
    node.append(new Option(label, "", false, initial.size === 0));
    node.options[0].disabled = true;
  }
  for (const c of choices) node.append(new Option(c.label, c.value, false, initial.has(c.value)));
  const read = () => {
    if (multi) return [...node.selectedOptions].map((o) => o.value);
    return node.value || null;
  };
  const write = (value) => {
    const wanted = new Set(Array.isArray(value) ? value : [value]);
    for (const o of node.options) o.selected = wanted.has(o.value);
  };
  control(node, block, element, read, write);
  if (live) node.addEventListener("change", () => ctx.onAction(block, element, read()));
  return node;
}

function overflow(block, element, ctx) {
  const node = el("select", "bk-overflow");
  node.dataset.kind = "overflow";
  node.append(new Option("⋯", "", true, true));
  for (const o of element.options || []) node.append(new Option(optionText(o), o.value));
  node.addEventListener("change", () => {
    const value = node.value;
    node.value = "";
    if (value && confirmed(element)) ctx.onAction(block, element, value);
  });
  return node;
}

function choices(block, element, ctx, live) {
  const radio = element.type === "radio_buttons";
  const node = el("div", "bk-choices");
  const name = `${block.block_id}-${element.action_id}-${Math.random().toString(36).slice(2)}`;
  const initial = new Set([...(element.initial_options || []), element.initial_option]
    .filter(Boolean).map((o) => o.value));
  for (const o of element.options || []) {
    const label = el("label", "bk-choice");
    const input = el("input");
    input.type = radio ? "radio" : "checkbox";
    input.name = name;
    input.value = o.value;
    input.checked = initial.has(o.value);
    label.append(input, el("span", "", textObject(o.text, ctx.names)));
    if (o.description) label.append(el("div", "bk-hint", textObject(o.description, ctx.names)));
    node.append(label);
  }
  const read = () => {
    const ticked = [...node.querySelectorAll("input:checked")].map((i) => i.value);
    return radio ? ticked[0] || null : ticked;
  };
  const write = (value) => {
    const wanted = new Set(Array.isArray(value) ? value : [value]);
    for (const i of node.querySelectorAll("input")) i.checked = wanted.has(i.value);
  };
  control(node, block, element, read, write);
  if (live) node.addEventListener("change", () => ctx.onAction(block, element, read()));
  return node;
}

function textInput(block, element, ctx, live) {
  const multi = element.type === "plain_text_input" && element.multiline;
  const node = el(multi ? "textarea" : "input", "bk-input");
  if (!multi) {
    node.type = { number_input: "number", email_text_input: "email", url_text_input: "url" }[
      element.type] || "text";
  }
  if (element.type === "number_input") {
    node.step = element.is_decimal_allowed ? "any" : "1";
    if (element.min_value !== undefined) node.min = element.min_value;
    if (element.max_value !== undefined) node.max = element.max_value;
  }
  if (element.max_length) node.maxLength = element.max_length;
  if (element.placeholder) node.placeholder = element.placeholder.text;
  node.value = element.initial_value ?? "";
  const read = () => node.value;
  control(node, block, element, read, (value) => { node.value = value; });
  if (live) node.addEventListener("change", () => ctx.onAction(block, element, read()));
  return node;
}

function pad(n) {
  return String(n).padStart(2, "0");
}

function picker(block, element, ctx, live) {
  const node = el("input", "bk-input");
  const kind = element.type;
  node.type = { datepicker: "date", timepicker: "time", datetimepicker: "datetime-local" }[kind];
  const read = () => {
    if (!node.value) return null;
    return kind === "datetimepicker" ? Math.floor(new Date(node.value).getTime() / 1000) : node.value;
  };
  const write = (value) => {
    if (kind !== "datetimepicker") { node.value = value || ""; return; }
    const d = new Date(value * 1000);
    node.value = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
      `T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  const initial = { datepicker: element.initial_date, timepicker: element.initial_time,
    datetimepicker: element.initial_date_time }[kind];
  if (initial) write(initial);
  control(node, block, element, read, write);
  if (live) node.addEventListener("change", () => ctx.onAction(block, element, read()));
  return node;
}

/** One interactive element; `live` sends its changes at once (actions, dispatch_action). */
export function element(block, element, ctx, live = true) {
  const kind = element.type;
  if (kind === "button") return button(block, element, ctx);
  if (kind === "overflow") return overflow(block, element, ctx);
  if (/select$/.test(kind)) return select(block, element, ctx, live);
  if (kind === "checkboxes" || kind === "radio_buttons") return choices(block, element, ctx, live);
  if (/(_text_input|number_input)$/.test(kind)) return textInput(block, element, ctx, live);
  if (/picker$/.test(kind)) return picker(block, element, ctx, live);
  if (kind === "image") return image(element);
  return placeholder(kind, "element");
}

function image(obj) {
  const alt = obj.alt_text || (obj.title && obj.title.text) || "image";
  return el("div", "bk-image", `🖼 ${escapeHtml(alt)}`);
}

function contextElement(item, ctx) {
  if (item.type === "image") return image(item);
  if (item.type === "mrkdwn" || item.type === "plain_text") {
    return el("span", "bk-context-item", textObject(item, ctx.names));
  }
  return placeholder(item.type, "context element");
}

function richText(block, ctx) {
  const parts = [];
  for (const section of block.elements || []) {
    for (const item of section.elements || []) {
      if (item.type === "text") parts.push(escapeHtml(item.text));
      else if (item.type === "user") parts.push(`@${escapeHtml(ctx.names[item.user_id] || item.user_id)}`);
      else if (item.type === "link") parts.push(escapeHtml(item.text || item.url));
      else parts.push(`[${escapeHtml(item.type)}]`);
    }
  }
  return el("div", "bk-section", parts.join("").replace(/\n/g, "<br>"));
}

function input(block, ctx) {
  const node = el("div", "bk-field");
  const label = el("label", "bk-label", plain(block.label));
  if (block.optional) label.append(el("span", "bk-optional", " (optional)"));
  node.append(label);
  node.append(element(block, block.element || { type: "missing" }, ctx, !!block.dispatch_action));
  if (block.hint) node.append(el("div", "bk-hint", plain(block.hint)));
  const error = ctx.errors && ctx.errors[block.block_id];
  if (error) node.append(el("div", "bk-error", escapeHtml(error)));
  return node;
}

function section(block, ctx) {
  const node = el("div", "bk-section");
  const body = el("div", "bk-section-body");
  if (block.text) body.append(el("div", "bk-text", textObject(block.text, ctx.names)));
  if (block.fields) {
    const grid = el("div", "bk-fields");
    for (const f of block.fields) grid.append(el("div", "bk-text", textObject(f, ctx.names)));
    body.append(grid);
  }
  node.append(body);
  if (block.accessory) node.append(element(block, block.accessory, ctx));
  return node;
}

/** A list of blocks as one element. */
export function renderBlocks(blocks, ctx) {
  const root = el("div", "bk-blocks");
  for (const block of blocks || []) {
    let node;
    if (block.type === "header") node = el("div", "bk-header", plain(block.text));
    else if (block.type === "section") node = section(block, ctx);
    else if (block.type === "divider") node = el("hr", "bk-divider");
    else if (block.type === "context") {
      node = el("div", "bk-context");
      for (const item of block.elements || []) node.append(contextElement(item, ctx));
    } else if (block.type === "actions") {
      node = el("div", "bk-actions");
      for (const item of block.elements || []) node.append(element(block, item, ctx));
    } else if (block.type === "input") node = input(block, ctx);
    else if (block.type === "image") node = image(block);
    else if (block.type === "rich_text") node = richText(block, ctx);
    else node = placeholder(block.type, "block");
    node.dataset.blockId = block.block_id || "";
    root.append(node);
  }
  return root;
}

/** What the person typed in a view, as {block_id: {action_id: value}}, empties left out. */
export function viewValues(container) {
  const values = {};
  for (const node of container.querySelectorAll(".bk-el")) {
    const value = node.readValue();
    if (value === null || value === "" || (Array.isArray(value) && !value.length)) continue;
    (values[node.dataset.block] ||= {})[node.dataset.action] = value;
  }
  return values;
}

export { mrkdwn };
