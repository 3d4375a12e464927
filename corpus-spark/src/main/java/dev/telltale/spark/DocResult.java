package dev.telltale.spark;

import java.io.Serializable;

/**
 * One row of the job's output (a Spark bean): a document's detection, or why the row was skipped. The
 * document fields mean exactly what the single-machine scan's result lines mean.
 */
public class DocResult implements Serializable {
    private static final long serialVersionUID = 1L;
    private String id;
    private String file;
    private Long row;
    private long tokens;
    private long tokensScored;
    private double score;
    private double pValue;
    private double log10PValue;
    private String verdict;
    private String skipped;
    private String detail;
    private long[] poolLo;
    private long[] poolHi;

    public DocResult() {}

    public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getFile() { return file; }
    public void setFile(String v) { file = v; }
    public Long getRow() { return row; }
    public void setRow(Long v) { row = v; }
    public long getTokens() { return tokens; }
    public void setTokens(long v) { tokens = v; }
    public long getTokensScored() { return tokensScored; }
    public void setTokensScored(long v) { tokensScored = v; }
    public double getScore() { return score; }
    public void setScore(double v) { score = v; }
    public double getPValue() { return pValue; }
    public void setPValue(double v) { pValue = v; }
    public double getLog10PValue() { return log10PValue; }
    public void setLog10PValue(double v) { log10PValue = v; }
    public String getVerdict() { return verdict; }
    public void setVerdict(String v) { verdict = v; }
    /** Skip reason (the scan's spelling, e.g. {@code missing_field}), or null for a scored document. */
    public String getSkipped() { return skipped; }
    public void setSkipped(String v) { skipped = v; }
    public String getDetail() { return detail; }
    public void setDetail(String v) { detail = v; }
    /** The pooled test's keys of the document's scored positions ({@code PoolKeys}); null when skipped or unpooled. */
    public long[] getPoolLo() { return poolLo; }
    public void setPoolLo(long[] v) { poolLo = v; }
    /** Their high words, null when the scheme's keys fit one long. */
    public long[] getPoolHi() { return poolHi; }
    public void setPoolHi(long[] v) { poolHi = v; }
}
