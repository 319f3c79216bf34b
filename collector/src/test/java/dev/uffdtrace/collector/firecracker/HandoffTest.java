package dev.uffdtrace.collector.firecracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HandoffTest {
    private static final long MIB = 1 << 20;
    private static final long FILE = 64 * MIB;

    private static List<GuestRegion> parse(String json) throws HandoffException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return Handoff.parse(b, b.length, FILE);
    }

    private static String region(long base, long size, long offset, String pageField) {
        return String.format("{\"base_host_virt_addr\":%d,\"size\":%d,\"offset\":%d,%s}", base, size, offset, pageField);
    }

    @Test
    void readsCurrentAndOldPageSizeFieldsKeepingTheMessageOrder() throws HandoffException {
        List<GuestRegion> regions = parse("[" + region(0x7f0000400000L, 2 * MIB, 2 * MIB, "\"page_size\":4096") + ","
                + region(0x7f0000000000L, 2 * MIB, 0, "\"page_size_kib\":4,\"unknown\":true") + "]");
        assertThat(regions).containsExactly(new GuestRegion(0x7f0000400000L, 2 * MIB, 2 * MIB, 4096),
                new GuestRegion(0x7f0000000000L, 2 * MIB, 0, 4096));
        assertThat(regions.get(0).mem().wireName()).isEqualTo("anon");
    }

    @Test
    void hugePagesAreHugetlbPrivate() throws HandoffException {
        GuestRegion r = parse("[" + region(0x7f0000000000L, 4 * MIB, 0, "\"page_size\":2097152") + "]").get(0);
        assertThat(r.mem().wireName()).isEqualTo("hugetlb-private");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON|[{\"base_host_virt_addr\":|is not JSON",
        "trailing bytes|[] x|is not JSON",
        "object, not array|{\"base_host_virt_addr\":1}|expected a JSON array",
        "empty array|[]|no regions",
        "element not an object|[1]|region 0: expected an object",
        "missing size|[{\"base_host_virt_addr\":4096,\"offset\":0,\"page_size\":4096}]|region 0: missing size",
        "missing page size|[{\"base_host_virt_addr\":4096,\"size\":4096,\"offset\":0}]|region 0: missing page_size",
        "string number|[{\"base_host_virt_addr\":4096,\"size\":\"4096\",\"offset\":0,\"page_size\":4096}]|size must be a non-negative integer",
        "negative offset|[{\"base_host_virt_addr\":4096,\"size\":4096,\"offset\":-4096,\"page_size\":4096}]|offset must be a non-negative integer",
        "page size not a power of two|[{\"base_host_virt_addr\":12288,\"size\":12288,\"offset\":0,\"page_size\":3072}]|page_size: must be a power of two",
        "page size too small|[{\"base_host_virt_addr\":4096,\"size\":4096,\"offset\":0,\"page_size\":1024}]|page_size: must be a power of two >= 4096",
        "size not a page multiple|[{\"base_host_virt_addr\":4096,\"size\":6000,\"offset\":0,\"page_size\":4096}]|size: must be a positive multiple",
        "zero size|[{\"base_host_virt_addr\":4096,\"size\":0,\"offset\":0,\"page_size\":4096}]|size: must be a positive multiple",
        "unaligned base|[{\"base_host_virt_addr\":4097,\"size\":4096,\"offset\":0,\"page_size\":4096}]|base_host_virt_addr: must be a non-zero multiple",
        "unaligned offset|[{\"base_host_virt_addr\":4096,\"size\":4096,\"offset\":100,\"page_size\":4096}]|offset: must be a non-negative multiple of 4096",
        "offset beyond the file|[{\"base_host_virt_addr\":4096,\"size\":8192,\"offset\":67104768,\"page_size\":4096}]|beyond the memory file",
        "overlap|[{\"base_host_virt_addr\":4096,\"size\":8192,\"offset\":0,\"page_size\":4096},{\"base_host_virt_addr\":8192,\"size\":4096,\"offset\":0,\"page_size\":4096}]|regions overlap: [0x1000, 0x3000) and [0x2000, 0x3000)",
    })
    void refusesMalformedMessagesWithOneClearLine(String name, String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(HandoffException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void touchingRegionsAreNotAnOverlap() throws HandoffException {
        assertThat(parse("[" + region(4096, 4096, 0, "\"page_size\":4096") + ","
                + region(8192, 4096, 0, "\"page_size\":4096") + "]")).hasSize(2);
    }

    @Test
    void aRegionEndingExactlyAtTheFileEndFits() throws HandoffException {
        assertThat(parse("[" + region(4096, 8192, FILE - 8192, "\"page_size\":4096") + "]")).hasSize(1);
    }

    @Test
    void tellsAnIncompleteMessageFromAWrongOne() {
        byte[] full = ("[" + region(4096, 4096, 0, "\"page_size\":4096") + "]").getBytes(StandardCharsets.UTF_8);
        assertThat(Handoff.incomplete(full, 0)).isTrue();
        assertThat(Handoff.incomplete(full, 20)).isTrue();
        assertThat(Handoff.incomplete(full, full.length - 1)).isTrue();
        assertThat(Handoff.incomplete(full, full.length)).isFalse();
        byte[] wrong = "[}".getBytes(StandardCharsets.UTF_8);
        assertThat(Handoff.incomplete(wrong, wrong.length)).isFalse();
    }
}
