// Slack's mrkdwn as HTML: *bold*, _italic_, ~strike~, `code`, ```blocks```, > quotes,
// <url|text> links, <@U…> mentions (shown as names), and &amp; &lt; &gt; shown as typed.

const EMOJI = {
  warning: "⚠️", rotating_light: "🚨", white_check_mark: "✅", heavy_check_mark: "✔️",
  x: "❌", lock: "🔒", hourglass: "⏳", hourglass_flowing_sand: "⏳", memo: "📝",
  clipboard: "📋", bell: "🔔", no_entry: "⛔", no_entry_sign: "🚫", red_circle: "🔴",
  large_orange_circle: "🟠", large_yellow_circle: "🟡", large_green_circle: "🟢",
  white_circle: "⚪", black_circle: "⚫", arrow_right: "➡️", information_source: "ℹ️",
  mega: "📣", speech_balloon: "💬", calendar: "📅", clock3: "🕒", link: "🔗",
  ballot_box_with_check: "☑️", heavy_minus_sign: "➖", fast_forward: "⏩", eyes: "👀",
  pencil: "✏️", pencil2: "✏️", page_facing_up: "📄", bar_chart: "📊", shield: "🛡️",
  star: "⭐", checkered_flag: "🏁", construction: "🚧", busts_in_silhouette: "👥",
  bust_in_silhouette: "👤", zap: "⚡", fire: "🔥", question: "❓", exclamation: "❗",
  alarm_clock: "⏰", arrow_forward: "▶️", large_blue_circle: "🔵", white_square: "⬜",
  "+1": "👍", "-1": "👎", thumbsup: "👍", raised_hands: "🙌", raising_hand: "🙋", pray: "🙏",
};

/** One emoji by name, as Slack shows it (the name itself when it is not known here). */
export function emojiName(name) {
  return EMOJI[name] || `:${name}:`;
}

export function escapeHtml(text) {
  return String(text)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

// Slack escapes only these three; the page shows what the person typed.
export function unescapeSlack(text) {
  return String(text).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function emoji(html) {
  return html.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all);
}

function styled(html) {
  return emoji(html)
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, "$1<b>$2</b>")
    .replace(/(^|[^\w_])_(?!\s)([^_\n]+?)_(?!\w)/g, "$1<i>$2</i>")
    .replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?!\w)/g, "$1<s>$2</s>");
}

function plainPart(text) {
  return styled(escapeHtml(unescapeSlack(text)));
}

function link(inner, names) {
  const [target, label] = inner.split("|", 2);
  if (target.startsWith("@")) {
    const id = target.slice(1);
    const name = label || names[id] || id;
    return `<span class="mention" data-user="${escapeHtml(id)}">@${escapeHtml(name)}</span>`;
  }
  if (target.startsWith("#")) {
    return `<span class="mention">#${escapeHtml(label || target.slice(1))}</span>`;
  }
  if (target.startsWith("!")) {
    const word = label || target.slice(1).split("^")[0];
    return `<span class="mention">@${escapeHtml(word)}</span>`;
  }
  const url = unescapeSlack(target);
  const safe = /^(https?:|mailto:)/i.test(url) ? url : "#";
  const text = label ? plainPart(label) : escapeHtml(url);
  return `<a href="${escapeHtml(safe)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
}

function inline(line, names) {
  let out = "";
  for (const [i, piece] of line.split(/(`[^`\n]+`)/).entries()) {
    if (i % 2 === 1) {
      out += `<code>${escapeHtml(unescapeSlack(piece.slice(1, -1)))}</code>`;
      continue;
    }
    let last = 0;
    for (const match of piece.matchAll(/<([^<>]+)>/g)) {
      out += plainPart(piece.slice(last, match.index)) + link(match[1], names);
      last = match.index + match[0].length;
    }
    out += plainPart(piece.slice(last));
  }
  return out;
}

function lines(text, names) {
  const out = [];
  let quote = [];
  const flush = () => {
    if (quote.length) out.push(`<blockquote>${quote.join("<br>")}</blockquote>`);
    quote = [];
  };
  for (const line of text.split("\n")) {
    // A raw ">" starts a quote; a typed one arrives escaped as &gt; and stays text.
    if (line.startsWith(">")) {
      quote.push(inline(line.replace(/^> ?/, ""), names));
    } else {
      flush();
      out.push(inline(line, names));
    }
  }
  flush();
  return out.join("<br>").replace(/<br>(<blockquote>)/g, "$1").replace(/(<\/blockquote>)<br>/g, "$1");
}

/** mrkdwn -> HTML; `names` maps user ids to the names shown for mentions. */
export function mrkdwn(text, names = {}) {
  const parts = String(text || "").split("```");
  return parts
    .map((part, i) =>
      i % 2 === 1 && i < parts.length - 1
        ? `<pre>${escapeHtml(unescapeSlack(part.replace(/^\n/, "")))}</pre>`
        : lines(part, names))
    .join("");
}

/** plain_text objects: shown as typed (with :emoji: when asked). */
export function plain(obj) {
  if (!obj) return "";
  const text = escapeHtml(obj.text || "");
  return obj.emoji === false ? text : emoji(text);
}

/** A text object of either type. */
export function textObject(obj, names) {
  if (!obj) return "";
  return obj.type === "mrkdwn" ? mrkdwn(obj.text, names) : plain(obj);
}
