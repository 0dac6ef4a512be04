// Registers every op implementation (import for side effects).
import "./pointwise.js";
import "./views.js";
import "./copies.js";
import "./factories.js";
import "./reduce.js";
import "./linalg.js";
import "./conv.js";
import "./pool.js";
import "./norm.js";
import "./indexing.js";
import "./nn.js";
import "./misc.js";
import "./advanced_index.js";
import "./scatter.js";
import "./data_dependent.js";
import "./upsample_nd.js";
