package io.sharedfs.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sharedfs.service.json.JsonPaths;
import io.sharedfs.service.problem.ProblemException;

/**
 * JSON merge patch (RFC 7396) of a request record: the patch's fields replace the current ones,
 * {@code null} clears one, an unknown field is a 400 naming it.
 */
public final class MergePatch {

    /** The media type of a merge patch; plain {@code application/json} is accepted too. */
    public static final String MEDIA_TYPE = "application/merge-patch+json";

    private MergePatch() {
    }

    public static <T> T apply(ObjectMapper mapper, T current, JsonNode patch, Class<T> type) {
        if (patch == null || !patch.isObject()) {
            throw ProblemException.invalid("body", "object", "a patch is a JSON object of the fields to change");
        }
        ObjectNode merged = mapper.valueToTree(current);
        merged.setAll((ObjectNode) patch);
        try {
            return mapper.treeToValue(merged, type);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid(JsonPaths.fieldOf(e), "json",
                    "the patch is not valid: " + JsonPaths.firstLine(e.getOriginalMessage()));
        }
    }

}
