/* The admin's translation tabs (django-modeltranslation): its language switch above the
   form starts at the first language while every field's tabs open at the admin's own,
   and it names the languages by their codes. Set it to the tab the fields show, and name
   each language in the admin's language (Intl.DisplayNames; the code where unsupported).

   modeltranslation builds the tabs and then the switch in a jQuery ready handler, which
   jQuery 3 runs asynchronously (after the page's load event when everything is cached):
   the switch is taken up when it is added to the page. */
(function () {
  "use strict";

  function nameLanguages(select) {
    var names;
    try {
      names = new Intl.DisplayNames([document.documentElement.lang || "en"], { type: "language" });
    } catch (error) {
      return;
    }
    Array.prototype.forEach.call(select.options, function (option) {
      var code = option.textContent.trim();
      var tag = code.replace(/-(hans|hant)$/i, function (script) {
        return "-" + script.charAt(1).toUpperCase() + script.slice(2).toLowerCase();
      });
      var name = names.of(tag);
      if (name && name !== tag) {
        option.textContent = name;
        option.title = code;
      }
    });
  }

  function takeUp(select) {
    var active = document.querySelector(".ui-tabs-nav .ui-tabs-active");
    if (active) {
      select.value = String(Array.prototype.indexOf.call(active.parentNode.children, active));
    }
    nameLanguages(select);
  }

  var found = document.getElementById("modeltranslation-main-switch");
  if (found) {
    takeUp(found);
    return;
  }
  var observer = new MutationObserver(function () {
    var select = document.getElementById("modeltranslation-main-switch");
    if (select) {
      observer.disconnect();
      takeUp(select);
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  // A page without translated fields has no switch: stop looking well after its load
  // (jQuery may run its ready handlers after the load event, so not at once).
  window.addEventListener("load", function () {
    window.setTimeout(function () {
      observer.disconnect();
    }, 10000);
  });
})();
