// Host link over a UART: framed requests that read and write the engine's
// CSRs and the board's device memory (protocol: docs/uart-protocol.md).
//
// Request: cmd, addr (4 bytes LE), len (2 bytes LE), header CRC, then for
// the two write commands a payload (CSR_WRITE 4 bytes, MEM_WRITE len bytes)
// and a payload CRC. Reply: status, data (reads only), CRC. CRC-8 with
// polynomial 0x07, initial value 0, over the bytes since the previous CRC.
//
// Errors found in the header (CRC, command, address) are answered once the
// line has been quiet for TIMEOUT cycles, so a payload still coming in is
// swallowed first; a frame that stops part-way is answered with TIMEOUT.
// Memory bytes go one at a time through the bridge port of dev_mem: writes
// land as they arrive (before the payload CRC is checked; the host resends
// on BAD_CRC), reads are fetched one byte ahead of the transmitter.
module uart_bridge #(
    parameter DIV       = 868,               // clock cycles per UART bit
    parameter TIMEOUT   = 2000000,           // idle cycles that end a frame
    parameter MEM_BASE  = 32'h1000_0000,     // device address of dev_mem byte 0
    parameter MEM_BYTES = 16384,             // power of two
    parameter BUS_BYTES = 8                  // dev_mem word: 4, 8 or 16 bytes
) (
    input  wire        clk,
    input  wire        rst,
    input  wire        rx,
    output wire        tx,
    // engine CSR port (through board_top's register stage): a read answers
    // with csr_rvalid, a few cycles later
    output reg         csr_valid,
    output reg         csr_write,
    output wire [7:0]  csr_addr,
    output wire [31:0] csr_wdata,
    input  wire [31:0] csr_rdata,
    input  wire        csr_rvalid,
    // dev_mem bridge port: a write is taken at once; a read is taken when
    // mem_rgrant is high and its word is on mem_rdata the cycle after
    output reg         mem_we,
    output reg         mem_re,
    input  wire        mem_rgrant,
    output wire [31:0] mem_addr,             // byte address
    output wire [7:0]  mem_wdata,
    input  wire [8*BUS_BYTES-1:0] mem_rdata
);
    localparam [7:0] CMD_INFO = 8'h00, CMD_CSR_READ = 8'h01, CMD_CSR_WRITE = 8'h02,
                     CMD_MEM_READ = 8'h03, CMD_MEM_WRITE = 8'h04;
    localparam [7:0] ST_OK = 8'h00, ST_BAD_CRC = 8'h01, ST_BAD_CMD = 8'h02,
                     ST_BAD_ADDR = 8'h03, ST_TIMEOUT = 8'h04;

    localparam [3:0] S_HDR = 4'd0, S_CHECK = 4'd1, S_PAYLOAD = 4'd2, S_CSR_WAIT = 4'd3,
                     S_DRAIN = 4'd4, S_SEND_STATUS = 4'd5, S_FETCH = 4'd6,
                     S_FETCH_WAIT = 4'd7, S_SEND_DATA = 4'd8, S_SEND_CRC = 4'd9,
                     S_FETCH_PICK = 4'd10;
    localparam TW = $clog2(TIMEOUT + 1);

    wire [7:0] rx_data;
    wire       rx_valid;
    uart_rx #(.DIV(DIV)) u_rx (.clk(clk), .rst(rst), .rx(rx), .data(rx_data), .valid(rx_valid));

    reg  [3:0]  state;
    reg  [2:0]  hdr_n;                       // header bytes received
    reg  [7:0]  cmd;
    reg  [31:0] addr;
    reg  [15:0] left;                        // the header's len, then payload or reply
                                             // data bytes to go
    reg         left_z;                      // left == 0, set with every write of left
    reg  [31:0] data;                        // CSR word / fetched memory byte, LSB first
    reg  [7:0]  status;
    reg  [7:0]  crc;
    reg  [TW-1:0] quiet;                     // cycles since the last byte of a frame

    // CRC-8, polynomial x^8 + x^2 + x + 1, MSB first
    function [7:0] crc8;
        input [7:0] c;
        input [7:0] d;
        integer i;
        reg [7:0] r;
        begin
            r = c ^ d;
            for (i = 0; i < 8; i = i + 1)
                r = r[7] ? {r[6:0], 1'b0} ^ 8'h07 : {r[6:0], 1'b0};
            crc8 = r;
        end
    endfunction
    // A reply's data bytes: data, LSB first, or INFO's word, byte 4 - left.
    // data is never loaded or shifted with a constant (a sent byte rotates
    // to the top), so synthesis finds no reset pattern in it: its
    // flip-flops' reset inputs would carry the state machine's deepest logic.
    localparam [31:0] INFO_WORD = MEM_BYTES;
    wire [1:0] info_at   = 2'd0 - left[1:0];                // 4 - left, mod 4
    wire [7:0] info_byte = INFO_WORD[8 * info_at +: 8];
    reg        is_info;                      // cmd == CMD_INFO, a cycle late
    always @(posedge clk) is_info <= cmd == CMD_INFO;
    wire [7:0] out_byte  = is_info ? info_byte : data[7:0];
    // The CRC of a received byte is a step of its own: the frame checks
    // (crc_next == 0) decide the state, and the reply's bytes (status,
    // out_byte) stay off that path.
    wire [7:0] crc_next = crc8(crc, rx_data);

    // transmitter: one byte source per sending state
    wire       tx_ready;
    reg        tx_start;
    reg  [7:0] tx_byte;
    always @(*) begin
        tx_start = 1'b0;
        tx_byte = out_byte;
        case (state)
            S_SEND_STATUS: begin tx_start = tx_ready; tx_byte = status; end
            S_SEND_DATA:   tx_start = tx_ready && !left_z;
            S_SEND_CRC:    begin tx_start = tx_ready; tx_byte = crc; end
            default: ;
        endcase
    end
    uart_tx #(.DIV(DIV)) u_tx (.clk(clk), .rst(rst), .start(tx_start), .data(tx_byte),
                               .ready(tx_ready), .tx(tx));

    // request checks, made once the header CRC has passed
    // MEM_BASE is a multiple of MEM_BYTES, so the window is one value of the
    // high address bits; only the low MW bits count from there on
    localparam MW = $clog2(MEM_BYTES);
    wire [MW:0] mem_end = {1'b0, addr[MW-1:0]} + (MW+1)'(left);
    wire        mem_ok = addr[31:MW] == MEM_BASE[31:MW] && {16'd0, left} <= MEM_BYTES &&
                         mem_end <= (MW+1)'(MEM_BYTES);
    wire [31:0] addr_next = {addr[31:MW], addr[MW-1:0] + 1'b1};
    wire        csr_ok = addr[31:8] == 24'd0 && addr[1:0] == 2'd0 && left == 16'd4;
    // S_CHECK reads both answers from registers: addr and len are complete
    // a byte before the header CRC, and addr, which also addresses dev_mem,
    // sits far from this logic on an FPGA.
    reg         mem_ok_q, csr_ok_q;
    always @(posedge clk) begin
        mem_ok_q <= mem_ok;
        csr_ok_q <= csr_ok;
    end
    wire        is_mem = cmd == CMD_MEM_READ || cmd == CMD_MEM_WRITE;
    wire        is_csr = cmd == CMD_CSR_READ || cmd == CMD_CSR_WRITE;

    assign mem_addr = addr;
    assign mem_wdata = rx_data;
    // A CSR access reads these from the request's own registers: addr does
    // not move during a CSR command, and data holds the payload word from
    // the payload CRC (the cycle before csr_valid) until the reply is sent.
    // The CSRs look at them only with csr_valid.
    assign csr_addr = addr[7:0];
    assign csr_wdata = data;

    // left and its zero flag are written together, so the state machine
    // tests a flip-flop instead of a 16-bit compare
    task set_left;
        input [15:0] v;
        begin
            left   <= v;
            left_z <= v == 16'd0;
        end
    endtask

    // quiet == TIMEOUT, registered: worked out from the count a cycle
    // before, so the state machine starts from a flip-flop
    reg  timed_out;
    // The memory's word is registered before its byte is picked: a block
    // RAM read port without its output register leaves little of the cycle
    // (ECP5 -6: 5.8 ns from the clock), and a byte a cycle later costs
    // nothing beside a serial line's byte time.
    // (loaded outside the reset's branch: the reset net stays off its enables)
    reg  [8*BUS_BYTES-1:0] word;
    wire [7:0] fetched = word[8 * addr[$clog2(BUS_BYTES)-1:0] +: 8];
    always @(posedge clk) if (state == S_FETCH_WAIT) word <= mem_rdata;

    always @(posedge clk) begin
        csr_valid <= 1'b0;
        mem_we <= 1'b0;
        if (rst) begin
            state <= S_HDR;
            hdr_n <= 3'd0;
            crc <= 8'd0;
            quiet <= {TW{1'b0}};
            timed_out <= 1'b0;
            mem_re <= 1'b0;
        end else begin
            if (rx_valid || timed_out) quiet <= {TW{1'b0}};
            else quiet <= quiet + 1'b1;
            timed_out <= !(rx_valid || timed_out) && quiet == TW'(TIMEOUT - 1);
            case (state)
                S_HDR:
                    if (rx_valid) begin
                        crc <= crc_next;
                        hdr_n <= hdr_n + 3'd1;
                        case (hdr_n)
                            3'd0: cmd <= rx_data;
                            3'd1, 3'd2, 3'd3, 3'd4: addr <= {rx_data, addr[31:8]};
                            3'd5, 3'd6: set_left({rx_data, left[15:8]});   // len
                            default: begin   // header CRC
                                hdr_n <= 3'd0;
                                status <= ST_BAD_CRC;
                                state <= crc_next == 8'd0 ? S_CHECK : S_DRAIN;
                            end
                        endcase
                    end else if (hdr_n != 3'd0 && timed_out) begin
                        hdr_n <= 3'd0;
                        status <= ST_TIMEOUT;
                        state <= S_SEND_STATUS;
                    end
                // left holds len: a memory command keeps it, a CSR command
                // has len = 4 (csr_ok), and an error clears it before the
                // status goes out (S_DRAIN, S_SEND_STATUS)
                S_CHECK: begin
                    status <= ST_OK;
                    crc <= 8'd0;
                    if (cmd > CMD_MEM_WRITE) begin
                        status <= ST_BAD_CMD;
                        state <= S_DRAIN;
                    end else if ((is_mem && !mem_ok_q) || (is_csr && !csr_ok_q)) begin
                        status <= ST_BAD_ADDR;
                        state <= S_DRAIN;
                    end else begin
                        case (cmd)
                            CMD_INFO: begin
                                set_left(16'd4);
                                state <= S_SEND_STATUS;
                            end
                            CMD_CSR_READ: begin
                                csr_valid <= 1'b1;
                                csr_write <= 1'b0;
                                state <= S_CSR_WAIT;
                            end
                            CMD_MEM_READ: state <= S_SEND_STATUS;
                            default: state <= S_PAYLOAD;   // CSR_WRITE, MEM_WRITE
                        endcase
                    end
                end
                S_PAYLOAD:
                    if (rx_valid) begin
                        crc <= crc_next;
                        if (!left_z) begin
                            set_left(left - 16'd1);
                            data <= {rx_data, data[31:8]};
                            if (cmd == CMD_MEM_WRITE) mem_we <= 1'b1;
                        end else begin       // payload CRC
                            status <= crc_next == 8'd0 ? ST_OK : ST_BAD_CRC;
                            if (crc_next == 8'd0 && cmd == CMD_CSR_WRITE) begin
                                csr_valid <= 1'b1;
                                csr_write <= 1'b1;
                            end
                            state <= S_SEND_STATUS;
                        end
                    end else if (timed_out) begin
                        set_left(16'd0);
                        status <= ST_TIMEOUT;
                        state <= S_SEND_STATUS;
                    end
                S_CSR_WAIT:
                    if (csr_rvalid) begin
                        data <= csr_rdata;
                        set_left(16'd4);
                        state <= S_SEND_STATUS;
                    end
                S_DRAIN:
                    if (timed_out) begin
                        set_left(16'd0);
                        state <= S_SEND_STATUS;
                    end
                S_SEND_STATUS:
                    if (tx_ready) begin
                        crc <= crc8(8'd0, status);   // a reply's CRC starts here
                        if (status != ST_OK) set_left(16'd0);
                        state <= status == ST_OK && cmd == CMD_MEM_READ && !left_z
                                 ? S_FETCH : S_SEND_DATA;
                    end
                S_FETCH: begin
                    mem_re <= 1'b1;
                    if (mem_re && mem_rgrant) begin
                        mem_re <= 1'b0;
                        state <= S_FETCH_WAIT;
                    end
                end
                S_FETCH_WAIT: state <= S_FETCH_PICK;
                S_FETCH_PICK: begin
                    data[7:0] <= fetched;
                    addr <= addr_next;
                    state <= S_SEND_DATA;
                end
                S_SEND_DATA:
                    if (left_z) begin
                        state <= S_SEND_CRC;
                    end else if (tx_ready) begin
                        crc <= crc8(crc, out_byte);
                        data <= {data[7:0], data[31:8]};
                        set_left(left - 16'd1);
                        if (cmd == CMD_MEM_READ && left != 16'd1) state <= S_FETCH;
                    end
                S_SEND_CRC:
                    if (tx_ready) begin
                        crc <= 8'd0;
                        state <= S_HDR;
                    end
                default: state <= S_HDR;
            endcase
            // a memory write byte goes out this cycle at addr; step past it
            if (mem_we) addr <= addr_next;
        end
    end
endmodule
