package vistream.core.evidence;

/**
 * The exact log evidence log p(x) of a data set and how many assignments were summed.
 *
 * @param logEvidence log p(x), natural logarithm
 * @param assignments K^n, the number of cluster assignments enumerated
 */
public record LogEvidence(double logEvidence, long assignments) {
}
