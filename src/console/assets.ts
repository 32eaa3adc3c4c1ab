import { TONE_COLOURS } from '../adapters/discord/render.js';

/**
 * The console's one stylesheet, served from /console/assets/console.css: the Content-Security-Policy
 * allows styles from the console's own origin only, so there is no inline style anywhere. Discord
 * embed colours become classes (`tone-<name>`) generated from the renderer's own table.
 */
const toneClasses = Object.entries(TONE_COLOURS)
  .map(([tone, colour]) => `.embed.tone-${tone}{border-left-color:#${colour.toString(16).padStart(6, '0')}}`)
  .join('\n');

export const CONSOLE_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--accent:#0b5cad;--bad:#b42318;--ok:#1a7f37}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:9}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;padding:.6rem 1rem;border-bottom:1px solid var(--line);background:var(--soft)}
header.top .brand{font-weight:700;text-decoration:none;color:var(--fg)}
header.top nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
header.top .who{margin-left:auto;display:flex;gap:.5rem;align-items:center;color:var(--muted);font-size:.9rem}
main{padding:1rem;max-width:80rem;margin:0 auto}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.crumbs{font-size:.9rem;color:var(--muted)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600}
.table-wrap{overflow-x:auto}
.badge{display:inline-block;padding:0 .45rem;border-radius:1rem;border:1px solid var(--line);font-size:.85rem;white-space:nowrap}
.status-confirmed{border-color:var(--ok);color:var(--ok)}.status-denied,.status-retracted,.status-disputed{border-color:var(--bad);color:var(--bad)}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin-bottom:1rem}
label{display:block;font-weight:600;font-size:.9rem}
input,select,textarea{font:inherit;padding:.35rem .5rem;border:1px solid #8c959f;border-radius:4px;max-width:100%}
textarea{width:100%;min-height:5rem}
.field{margin:0 0 1rem}.field input[type=text],.field select,.field textarea{width:100%}
.hint{color:var(--muted);font-size:.85rem;margin:.15rem 0 0}
.problem{color:var(--bad);font-weight:600;margin:.2rem 0 0}
.banner{padding:.75rem 1rem;border-radius:6px;margin:0 0 1rem;border:1px solid var(--line)}
.banner.error{border-color:var(--bad);background:#fff1f0}.banner.ok{border-color:var(--ok);background:#eefbf0}.banner.warning{border-color:#b08800;background:#fffbe6}
button,.button{font:inherit;padding:.4rem .9rem;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:var(--accent)}button.danger{background:var(--bad);border-color:var(--bad)}
.inline{display:inline}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
.pre{white-space:pre-wrap;overflow-wrap:anywhere}
pre.json{background:var(--soft);padding:.75rem;overflow:auto;max-height:40rem;font-size:.8rem}
.slack-msg,.shell-msg,.discord-msg{border:1px solid var(--line);border-radius:6px;padding:.75rem;background:#fff}
.slack-block{margin:.3rem 0}.slack-header{font-weight:700;font-size:1.05rem}.slack-context{color:var(--muted);font-size:.85rem}.slack-divider{border-top:1px solid var(--line)}
.slack-fields{display:grid;grid-template-columns:1fr 1fr;gap:.25rem 1rem}
.discord-msg{background:#313338;color:#dbdee1}.embed{border-left:4px solid #888;background:#2b2d31;padding:.5rem .75rem;margin:.4rem 0;border-radius:4px}
.embed-title{font-weight:700}.embed-fields{display:grid;grid-template-columns:1fr 1fr;gap:.25rem 1rem}.embed-footer{font-size:.8rem;color:#b5bac1}
.shell-msg{font-family:ui-monospace,monospace;white-space:pre-wrap;background:#111;color:#e6e6e6}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:40rem){main{padding:.6rem}th,td{padding:.3rem}.hide-narrow{display:none}.slack-fields,.embed-fields{grid-template-columns:1fr}}
${toneClasses}
`;
