// "Print this poster" (templates/rentals/poster.html): the button is hidden until this module shows it, so without
// JavaScript the page shows its hint instead (use the browser's Print command, or save the page as a PDF).
export function start(button) {
  const hint = document.getElementById(button.dataset.hint);
  button.addEventListener("click", () => window.print());
  button.hidden = false;
  if (hint) hint.hidden = true;
}
