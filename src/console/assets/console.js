// The console's progressive enhancements. Every form works without this file; with it, the
// browser checks all fields at once in the console's words, Find cloud id keeps what was typed,
// the in-place credential shows only its type's fields, and copy buttons work.
(function () {
  'use strict';

  function messageFor(field) {
    var v = field.validity;
    var d = field.dataset;
    if (v.valueMissing) return d.msgMissing || 'Fill in this field.';
    if (v.tooShort || v.tooLong) return d.msgLength || field.validationMessage;
    if (v.patternMismatch) return d.msgPattern || field.validationMessage;
    if (v.rangeUnderflow || v.rangeOverflow || v.stepMismatch || v.badInput) {
      return d.msgRange || field.validationMessage;
    }
    if (v.typeMismatch) {
      return field.type === 'email'
        ? 'Enter an email address, such as name@example.com.'
        : 'Enter a full address starting with https://.';
    }
    return field.validationMessage;
  }

  function clientErrorOf(field) {
    var container = field.closest('.field');
    return container ? container.querySelector('.client-error') : null;
  }

  function clearError(field) {
    var shown = clientErrorOf(field);
    if (shown) shown.remove();
    if (!field.closest('.field-invalid')) field.removeAttribute('aria-invalid');
  }

  function showError(field, text) {
    var container = field.closest('.field');
    if (!container) return;
    var shown = clientErrorOf(field);
    if (!shown) {
      shown = document.createElement('p');
      shown.className = 'error-message client-error';
      shown.id = 'ce-' + field.id;
      container.insertBefore(shown, field);
      var described = field.getAttribute('aria-describedby');
      if (!described || described.indexOf(shown.id) < 0) {
        field.setAttribute('aria-describedby', ((described || '') + ' ' + shown.id).trim());
      }
    }
    shown.textContent = text;
    field.setAttribute('aria-invalid', 'true');
  }

  /** Checks every field of the form and shows each problem beside its field; true when all pass. */
  function checkForm(form) {
    var first = null;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.willValidate || field.closest('[hidden]')) return;
      clearError(field);
      if (!field.checkValidity()) {
        showError(field, messageFor(field));
        first = first || field;
      }
    });
    if (first) first.focus();
    return !first;
  }

  function enhanceValidation(form) {
    // The console shows all problems at once, not the browser's one bubble at a time.
    form.setAttribute('novalidate', '');
    form.addEventListener('submit', function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute('formnovalidate')) return;
      if (form.dataset.novalidate === 'server') return;
      if (!checkForm(form)) event.preventDefault();
    });
    form.addEventListener('input', function (event) {
      var field = event.target;
      if (field.willValidate && clientErrorOf(field) && field.checkValidity()) clearError(field);
    });
  }

  // A pasted site address in the Connection URL: offer Find cloud id right there.
  var SITE = /^\s*(?:https?:\/\/)?([a-z0-9][a-z0-9-]{0,62}\.atlassian\.net)(?:[/?#]\S*)?\s*$/i;

  function enhanceConnectionUrl(form) {
    var url = form.querySelector('#f-connection-url');
    var site = form.querySelector('#f-site');
    var find = form.querySelector('.find-cloud-id');
    if (!url || !site || !find) return;
    // The server's own offer (for browsers without JavaScript) gives way to the live one.
    Array.prototype.forEach.call(form.querySelectorAll('.site-offer-server'), function (node) {
      node.remove();
    });
    var offer = document.createElement('p');
    offer.className = 'site-offer-inline';
    offer.hidden = true;
    var text = document.createElement('span');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button-small';
    offer.appendChild(text);
    offer.appendChild(document.createTextNode(' '));
    offer.appendChild(button);
    url.parentNode.appendChild(offer);
    function update() {
      var match = SITE.exec(url.value);
      offer.hidden = !match;
      if (match) {
        var host = match[1].toLowerCase();
        text.textContent = 'That is the site’s address, not the connection URL.';
        button.textContent = 'Find cloud id for ' + host;
        button.dataset.site = host;
        url.dataset.msgPattern =
          'That is the site’s address: use Find cloud id for ' + host + ' to get the connection URL.';
      }
    }
    button.addEventListener('click', function () {
      site.value = button.dataset.site;
      find.click();
    });
    url.addEventListener('input', update);
    update();
  }

  /**
   * Find cloud id without leaving the page: the same form post as without JavaScript, but only
   * the URL, the site field and the notice are taken from the answer, so everything typed stays
   * (secrets included, which the hub never sends back), and focus goes where the work continues.
   */
  function enhanceFindCloudId(form) {
    var find = form.querySelector('.find-cloud-id');
    if (!find || !window.fetch || !window.DOMParser) return;
    var status = form.querySelector('.helper-status');
    find.addEventListener('click', function (event) {
      event.preventDefault();
      var data = new FormData(form);
      data.set('intent', 'discover');
      find.disabled = true;
      fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(data),
        credentials: 'same-origin',
      })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, 'text/html');
          var siteField = form.querySelector('#f-site').closest('.field');
          var newSiteField = page.querySelector('#f-site');
          if (newSiteField) siteField.replaceWith(document.importNode(newSiteField.closest('.field'), true));
          var newUrl = page.querySelector('#f-connection-url');
          var url = form.querySelector('#f-connection-url');
          var failed = Boolean(newSiteField && newSiteField.getAttribute('aria-invalid'));
          if (!failed && newUrl && url) {
            url.value = newUrl.value;
            clearError(url);
          }
          var notice = page.querySelector('.notice-info p, .notice-error p:last-child');
          if (status) status.textContent = notice ? notice.textContent : '';
          (failed ? form.querySelector('#f-site') : url || find).focus();
        })
        .catch(function () {
          if (status) status.textContent = 'The hub did not answer; try again.';
          find.focus();
        })
        .finally(function () {
          find.disabled = false;
        });
    });
  }

  /** The in-place New credential: only the chosen type's fields, required while it is chosen. */
  function enhanceNewCredential(form) {
    var type = form.querySelector('#f-credential-type');
    var picker = form.querySelector('#f-connection-credentialId');
    var sets = form.querySelectorAll('[data-credential-type]');
    if (!type || !sets.length) return;
    function update() {
      var creating = picker && picker.value === 'new';
      Array.prototype.forEach.call(sets, function (set) {
        var chosen = set.dataset.credentialType.split(' ').indexOf(type.value) >= 0;
        set.hidden = !chosen;
        (set.dataset.requiredFields || '').split(' ').forEach(function (name) {
          var field = name && form.elements[name];
          if (field) field.required = chosen && creating;
        });
      });
      var name = form.querySelector('#f-credential-name');
      if (name) name.required = Boolean(creating);
    }
    type.addEventListener('change', update);
    if (picker) picker.addEventListener('change', update);
    update();
  }

  function enhanceCopyButtons() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-copy-target]'), function (button) {
      var source = document.getElementById(button.dataset.copyTarget);
      if (!source) return;
      button.hidden = false;
      var status = document.getElementById(button.dataset.copyStatus || '');
      button.addEventListener('click', function () {
        var text = source.value !== undefined ? source.value : source.textContent;
        var done = function () {
          if (status) status.textContent = 'Copied.';
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () {
            source.select && source.select();
            if (status) status.textContent = 'Press Ctrl+C (⌘C) to copy the selected text.';
          });
        } else {
          if (source.select) source.select();
          document.execCommand('copy');
          done();
        }
      });
    });
  }

  /** "Keep the saved scopes" makes the scopes field read-only: it is not used for this save. */
  function enhanceScopesKeep() {
    var keep = document.querySelector('#f-keepScopes');
    var scopes = document.querySelector('#f-connection-scopes');
    if (!keep || !scopes) return;
    keep.addEventListener('change', function () {
      scopes.readOnly = keep.checked;
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('form'), function (form) {
      enhanceValidation(form);
      enhanceConnectionUrl(form);
      enhanceFindCloudId(form);
      enhanceNewCredential(form);
    });
    enhanceCopyButtons();
    enhanceScopesKeep();
  });
})();
