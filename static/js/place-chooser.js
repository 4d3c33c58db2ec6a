// The place chooser without page loads: choosing a level fills the next list from /places/<code>/children and
// empties the lists below it, so no district of one city stays under another. Without this file the chooser's
// "Show the next list" button posts the form instead; the button comes back if a list cannot be loaded.
// Text comes from data-i18n-* attributes rendered by the server in the person's language.

export function start(fieldset) {
  const levels = [...fieldset.querySelectorAll("[data-place-level]")];
  const selects = levels.map((level) => level.querySelector("select"));
  const next = fieldset.querySelector("[data-place-next]");
  const status = fieldset.querySelector("[data-place-status]");
  // An area the lists are kept to (a staff invitation: the administrator's own area and the places above it).
  const within = fieldset.dataset.within?.split(" ") ?? [];
  const inArea = (code) => !within.length || within.some((area) => code.startsWith(area) || area.startsWith(code));
  let pending = null;

  const label = (select) => select.labels[0]?.textContent.trim() || "";
  const say = (message) => {
    status.textContent = message;
  };

  // Keep only the "Choose…" option, and hide the level: there is nothing to choose in it yet.
  function empty(index) {
    const select = selects[index];
    select.length = 1;
    select.selectedIndex = 0;
    levels[index].hidden = true;
  }

  async function chosen(index) {
    pending?.abort();
    pending = null;
    for (let below = index + 1; below < selects.length; below++) empty(below);
    const code = selects[index].value;
    if (!code || index + 1 >= selects.length) return;
    const controller = new AbortController();
    pending = controller;
    try {
      const url = fieldset.dataset.childrenUrl.replace("CODE", encodeURIComponent(code));
      const response = await fetch(url, { headers: { Accept: "application/json" }, signal: controller.signal });
      if (!response.ok) throw new Error(`${response.status}`);
      const places = (await response.json()).filter((place) => inArea(place.code));
      if (controller.signal.aborted) return;
      const select = selects[index + 1];
      select.append(...places.map((place) => new Option(place.name, place.code)));
      levels[index + 1].hidden = places.length === 0;
      next.hidden = true;
      say(fieldset.dataset.i18nFilled.replace("%(list)s", label(select)).replace("%(count)s", places.length));
    } catch (error) {
      if (controller.signal.aborted) return;
      next.hidden = false; // the way without JavaScript still works
      say(fieldset.dataset.i18nFailed);
    } finally {
      if (pending === controller) pending = null;
    }
  }

  next.hidden = true;
  selects.forEach((select, index) => select.addEventListener("change", () => chosen(index)));
}
