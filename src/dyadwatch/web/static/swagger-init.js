// Starts Swagger UI on the spec served by this server (kept out of the page: no inline script).
window.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: el.dataset.openapiUrl, dom_id: "#swagger-ui" });
});
