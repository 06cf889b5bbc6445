/**
 * The OpenAPI 3.1 description of the API (/v3/api-docs) and Swagger UI (/swagger-ui.html), written
 * here rather than in annotations on the controllers, which stay about requests.
 */
package org.clientsapi.apidocs;
