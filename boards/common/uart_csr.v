// Minimal host link over a UART: CSR accesses only (no device-memory
// access yet). A frame is 6 bytes: {op, addr, data[7:0], data[15:8],
// data[23:16], data[31:24]}; op bit 0 set = write, clear = read. A read
// answers with the 4 data bytes, least significant first. There is no
// resynchronisation beyond a reset: this is a stand-in that keeps the
// engine's CSR port driven from pins, not the final bridge.
module uart_csr #(
    parameter DIV = 868
) (
    input  wire        clk,
    input  wire        rst,
    input  wire        rx,
    output wire        tx,
    output reg         csr_valid,
    output reg         csr_write,
    output reg  [7:0]  csr_addr,
    output reg  [31:0] csr_wdata,
    input  wire [31:0] csr_rdata,
    input  wire        csr_rvalid
);
    wire [7:0] rx_data;
    wire       rx_valid;
    uart_rx #(.DIV(DIV)) u_rx (.clk(clk), .rst(rst), .rx(rx), .data(rx_data), .valid(rx_valid));

    reg [2:0]  nbytes;
    reg [39:0] frame;                        // op, addr, data[7:0], [15:8], [23:16]
    always @(posedge clk) begin
        csr_valid <= 1'b0;
        if (rst) begin
            nbytes <= 3'd0;
        end else if (rx_valid) begin
            if (nbytes == 3'd5) begin
                nbytes <= 3'd0;
                csr_valid <= 1'b1;
                csr_write <= frame[32];
                csr_addr <= frame[31:24];
                csr_wdata <= {rx_data, frame[7:0], frame[15:8], frame[23:16]};
            end else begin
                nbytes <= nbytes + 3'd1;
            end
            frame <= {frame[31:0], rx_data};
        end
    end

    // read answer: four bytes, LSB first
    reg [31:0] answer;
    reg [2:0]  left;
    wire       tx_ready;
    wire       tx_go = left != 3'd0 && tx_ready;
    uart_tx #(.DIV(DIV)) u_tx (.clk(clk), .rst(rst), .start(tx_go), .data(answer[7:0]),
                               .ready(tx_ready), .tx(tx));
    always @(posedge clk) begin
        if (rst) begin
            left <= 3'd0;
        end else if (csr_rvalid) begin
            answer <= csr_rdata;
            left <= 3'd4;
        end else if (tx_go) begin
            answer <= {8'd0, answer[31:8]};
            left <= left - 3'd1;
        end
    end
endmodule
