// Full timestamps arrive in UTC (the page works without scripts); this adds the viewer's own time
// zone beside each, keeping the UTC text in the title.
(function () {
  'use strict';
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var format = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  });
  document.querySelectorAll('time.timestamp[datetime]').forEach(function (element) {
    var date = new Date(element.getAttribute('datetime'));
    if (isNaN(date.getTime())) return;
    element.title = element.textContent + (zone ? ' · shown in ' + zone : '');
    element.textContent = format.format(date);
    element.classList.add('timestamp-local');
  });
})();
