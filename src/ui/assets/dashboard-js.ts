// The dashboard's only script, served as /assets/dashboard.js: multi-select on the runs table (a
// selection of two or more opens /compare?ids=a,b). Pages work without it; it adds no requests.

export const CLIENT_SCRIPT = `
(function () {
  'use strict';
  var table = document.querySelector('table[data-selectable]');
  var button = document.getElementById('compare-button');
  var count = document.getElementById('selected-count');
  if (!table || !button) return;
  function selected() {
    return Array.prototype.slice.call(table.querySelectorAll('input[name="ids"]:checked')).map(function (box) { return box.value; });
  }
  function update() {
    var ids = selected();
    button.disabled = ids.length < 2;
    if (count) count.textContent = ids.length === 0 ? 'select two or more runs to compare' : ids.length + ' selected';
    Array.prototype.forEach.call(table.querySelectorAll('input[name="ids"]'), function (box) {
      var row = box.closest('tr');
      if (row) row.classList.toggle('selected', box.checked);
    });
  }
  table.addEventListener('change', update);
  button.addEventListener('click', function (event) {
    event.preventDefault();
    var ids = selected();
    if (ids.length >= 2) window.location.href = '/compare?ids=' + ids.map(encodeURIComponent).join(',');
  });
  update();
})();
`;
