// Swagger UI over the API's own schema, from the npm install (no CDN, works offline).
"use strict";
if (typeof SwaggerUIBundle === "undefined") {
  document.getElementById("swagger-ui").textContent =
    "Swagger UI is not installed: run 'npm ci --omit=dev --ignore-scripts' (make install) in the repository.";
} else {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
}
