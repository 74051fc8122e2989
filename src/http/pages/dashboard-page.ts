import { pageShell } from './html.js';

/** The dashboard: usage and limits of the API key the user pastes (kept in memory only). */
export function renderDashboard(): string {
  return pageShell('skafu-ai — usage dashboard', `<h1>Usage and limits</h1>
<p class="muted">Paste an API key (<code>skafu-ai keys create</code>). It stays in this page's memory and is sent only to this service's <code>/v1/usage</code> and <code>/v1/limits</code>. Admin keys see their organisation; member keys their own usage.</p>
<form class="key" id="key-form" autocomplete="off">
  <input type="password" id="api-key" placeholder="sk_..." aria-label="API key" required>
  <label>days <select id="days"><option>1</option><option selected>7</option><option>30</option><option>90</option></select></label>
  <label><input type="checkbox" id="own-only"> only my own user</label>
  <button type="submit">Show</button>
</form>
<p id="status" role="status"></p>
<div id="report" hidden>
  <div class="cards" id="cards"></div>
  <h2>By operation</h2><table id="by-operation"></table>
  <h2>By model</h2><table id="by-model"></table>
  <h2>By day</h2><table id="by-day"></table>
  <h2>Limits <span class="muted" id="plan"></span></h2><table id="limits"></table>
</div>`, '/assets/dashboard.js');
}
