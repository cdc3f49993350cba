// 8N1 UART receiver. The line is synchronised, then sampled in the middle
// of each bit; a byte is handed out for one cycle with valid.
module uart_rx #(
    parameter DIV = 868                     // clock cycles per bit
) (
    input  wire       clk,
    input  wire       rst,
    input  wire       rx,
    output reg  [7:0] data,
    output reg        valid
);
    localparam CW = $clog2(DIV + 1);
    reg [1:0]    sync;
    reg [CW-1:0] cnt;
    reg [3:0]    bitn;                       // 0 idle, 1 start, 2..9 data, 10 stop
    reg [7:0]    shift;

    always @(posedge clk) begin
        sync <= {sync[0], rx};
        valid <= 1'b0;
        if (rst) begin
            sync <= 2'b11;
            bitn <= 4'd0;
            cnt <= {CW{1'b0}};
        end else if (bitn == 4'd0) begin
            if (!sync[1]) begin               // start edge: wait half a bit
                bitn <= 4'd1;
                cnt <= CW'(DIV / 2);
            end
        end else if (cnt != {CW{1'b0}}) begin
            cnt <= cnt - 1'b1;
        end else begin
            cnt <= CW'(DIV - 1);
            bitn <= bitn + 4'd1;
            if (bitn == 4'd1 && sync[1]) bitn <= 4'd0;       // glitch, not a start bit
            if (bitn >= 4'd2 && bitn <= 4'd9) shift <= {sync[1], shift[7:1]};
            if (bitn == 4'd10) begin
                bitn <= 4'd0;
                data <= shift;
                valid <= sync[1];                             // drop framing errors
            end
        end
    end
endmodule
