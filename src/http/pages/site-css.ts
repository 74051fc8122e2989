/** The one stylesheet of the pages, served at /assets/site.css. */
export const SITE_CSS = `
:root { color-scheme: light dark; --fg: #1d232b; --muted: #5b6673; --line: #d8dde3; --accent: #0b62d6; --bg: #fff; --code: #f4f6f8; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ed; --muted: #9aa5b1; --line: #33404d; --accent: #6aa8ff; --bg: #12161b; --code: #1b2128; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { border-bottom: 1px solid var(--line); padding: .6rem 1.5rem; }
header a { margin-right: 1.2rem; color: var(--accent); text-decoration: none; font-weight: 600; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; }
h3 { margin: 1.6rem 0 .3rem; font-size: 1.05rem; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--code); border-radius: 4px; }
code { padding: .1rem .3rem; } pre { padding: .7rem .9rem; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: .85rem; }
.method { display: inline-block; min-width: 4.2rem; padding: .05rem .4rem; margin-right: .5rem; border-radius: 4px; font: 700 12px ui-monospace, monospace; text-align: center; color: #fff; background: #5b6673; }
.method.get { background: #1f7a3a; } .method.post { background: #0b62d6; } .method.delete { background: #b3261e; }
.muted { color: var(--muted); }
.op { border: 1px solid var(--line); border-radius: 6px; padding: .3rem 1rem .8rem; margin: 1rem 0; }
form.key { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; margin: 1rem 0; }
form.key input[type=password] { flex: 1 1 22rem; padding: .45rem .6rem; font: inherit; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
button { padding: .45rem 1rem; font: inherit; font-weight: 600; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
.card .value { font-size: 1.35rem; font-weight: 700; } .card .label { color: var(--muted); font-size: .85rem; }
.error { color: #b3261e; font-weight: 600; }
progress { width: 8rem; }
`;
